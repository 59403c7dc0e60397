import { Controller, UseFilters } from '@nestjs/common';
import { QueryBus } from '@nestjs/cqrs';
import { GrpcMethod } from '@nestjs/microservices';
import type { Metadata } from '@grpc/grpc-js';
import type { RecordedEventJson } from '@ledger/audit';
import type { RecordedEvent } from '@ledger/event-sourcing';
import { map, type Observable } from 'rxjs';
import { GrpcCall, requestFields } from '../../grpc/grpc-call';
import { GrpcCredentials } from '../../grpc/grpc-credentials';
import { GrpcExceptionFilter } from '../../grpc/grpc-exception.filter';
import { streamToCall, type DrainableCall } from '../../grpc/stream-to-call';
import { ApiValidationError } from '../../management-errors/management-errors';
import { auditEventJson, SubjectKeys } from '@ledger/audit';
import { FamilyHistoryQuery } from './family-history.query';

/** `tokenledger.v1.RecordedEvent` as the server writes it. */
interface RecordedEventMessage {
  readonly streamName: string;
  readonly revision: string;
  readonly position: { readonly commit: string; readonly prepare: string };
  readonly id: string;
  readonly type: string;
  readonly dataJson: string;
  readonly metadataJson: string;
  readonly recordedAt: string;
  /** The HTTP API's `personal`, as JSON; empty when the event has none. */
  readonly personalJson: string;
}

/**
 * `AuditService.ListFamilyEvents`: the family's history as a server stream, the same query
 * and the same JSON as `GET /api/v1/audit/families/{familyId}/events`, read a page of the store
 * at a time and sent no faster than the client reads. Auditor credential only.
 */
@Controller()
@UseFilters(GrpcExceptionFilter)
export class FamilyHistoryGrpcController {
  constructor(
    private readonly queryBus: QueryBus,
    private readonly credentials: GrpcCredentials,
    private readonly keys: SubjectKeys,
  ) {}

  @GrpcMethod('AuditService', 'ListFamilyEvents')
  async listFamilyEvents(request: unknown, metadata: Metadata, call: DrainableCall & { getPeer(): string }): Promise<Observable<RecordedEventMessage>> {
    await this.credentials.authenticate(GrpcCall.of(metadata, call), ['auditor']);
    const { familyId } = requestFields<{ familyId: string }>(request);
    if (familyId === undefined) throw new ApiValidationError('family_id', 'is required');
    const events = await this.queryBus.execute(new FamilyHistoryQuery(familyId));
    return streamToCall(withPersonal(events, this.keys), call).pipe(map(recordedEventMessage));
  }
}

/** Each event's JSON, its personal fields read through the subject's key, one at a time as the client reads. */
async function* withPersonal(events: AsyncIterable<RecordedEvent>, keys: SubjectKeys): AsyncGenerator<RecordedEventJson> {
  for await (const event of events) yield await auditEventJson(event, keys);
}

function recordedEventMessage(event: RecordedEventJson): RecordedEventMessage {
  const { data, metadata, personal, ...json } = event;
  return { ...json, dataJson: JSON.stringify(data), metadataJson: JSON.stringify(metadata), personalJson: personal ? JSON.stringify(personal) : '' };
}
