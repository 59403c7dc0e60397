import { Controller, Get, Header, Query, Req, Res, UseGuards, UseFilters } from '@nestjs/common';
import { QueryBus } from '@nestjs/cqrs';
import { ApiOkResponse, ApiOperation, ApiQuery, ApiSecurity, ApiTags } from '@nestjs/swagger';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { AdminCredentialGuard } from '../../admin-auth/admin-credential.guard';
import { parseBody } from '../../shared/form';
import type { ClientResource } from '../shared/client-resource';
import { ListClientsQuery } from './list-clients.query';
import { ListClientsRequestDto, MAX_CLIENTS_PAGE } from './list-clients.request.dto';
import { ManagementExceptionFilter } from '../../management-errors/management-exception.filter';
import { ApiManagementErrors, INVALID_QUERY, NEXT_LINK_HEADER } from '../../authorization-servers/shared/management-api.openapi';
import { ClientResponse } from '../shared/client-resource.response';

/**
 * `GET /api/v1/clients?limit=&after=`: an array, as Okta answers, with a `Link: <…>; rel="next"`
 * header when another page follows.
 */
@ApiTags('clients')
@ApiSecurity('admin')
@UseFilters(ManagementExceptionFilter)
@Controller('api/v1/clients')
@UseGuards(AdminCredentialGuard)
export class ListClientsHttpController {
  constructor(private readonly queryBus: QueryBus) {}

  @ApiOperation({ operationId: 'listClients', summary: 'List clients in client id order, a page at a time' })
  @ApiQuery({ type: ListClientsRequestDto })
  @ApiOkResponse({ type: [ClientResponse], description: 'A page of clients, in client id order.', headers: NEXT_LINK_HEADER })
  @ApiManagementErrors(INVALID_QUERY)
  @Get()
  @Header('Cache-Control', 'no-store')
  async list(
    @Req() request: FastifyRequest,
    @Query() query: unknown,
    @Res({ passthrough: true }) reply: FastifyReply,
  ): Promise<readonly ClientResource[]> {
    const dto = parseBody(ListClientsRequestDto, { ...(query as object) });
    const limit = dto.limit ?? MAX_CLIENTS_PAGE;
    const page = await this.queryBus.execute(new ListClientsQuery(limit, dto.after));
    if (page.nextAfter !== null) {
      const path = request.url.split('?', 1)[0];
      const next = new URLSearchParams({ limit: String(limit), after: page.nextAfter });
      void reply.header('link', `<${path}?${next.toString()}>; rel="next"`);
    }
    return page.clients;
  }
}
