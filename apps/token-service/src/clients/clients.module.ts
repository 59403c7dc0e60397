import { Module } from '@nestjs/common';

/** Management API for OAuth clients. */
@Module({
  controllers: [],
  providers: [],
})
export class ClientsModule {}
