import { type DynamicModule, Module } from '@nestjs/common';
import type { AppOverrides } from './app-overrides';
import type { LedgerConfig } from '@ledger/config';
import { BootstrapConfigurationService } from './configuration/bootstrap/bootstrap-configuration.service';
import { AuditModule } from './audit/audit.module';
import { AuthorizationServersModule } from './authorization-servers/authorization-servers.module';
import { ClientsModule } from './clients/clients.module';
import { CoreModule } from './core.module';
import { SigningKeysModule } from './signing-keys/signing-keys.module';
import { OAuthModule } from './oauth/oauth.module';
import { StartupService } from './startup.service';
import { TokenFamiliesModule } from './token-families/token-families.module';
import { ProjectionsModule } from './projections/projections.module';
import { OpsModule } from './ops/ops.module';
import { HealthModule } from './health/health.module';
import { MetricsModule } from './metrics/metrics.module';
import { GrpcModule } from './grpc/grpc.module';
import { RevocationFeedModule } from './revocation-feed/revocation-feed.module';
import { TrustedOriginsModule } from './trusted-origins/trusted-origins.module';
import { UsersModule } from './users/users.module';
import { SubjectsModule } from './subjects/subjects.module';
import { RetentionModule } from './retention/retention.module';
import { OpenApiModule } from './openapi/openapi.module';

export type { AppOverrides } from './app-overrides';

/** The token service: the core plus one module per area of the API. */
@Module({})
export class AppModule {
  static forRoot(config: LedgerConfig, overrides: AppOverrides = {}): DynamicModule {
    return {
      module: AppModule,
      imports: [
        CoreModule.forRoot(config, overrides),
        TokenFamiliesModule,
        OAuthModule,
        AuthorizationServersModule,
        ClientsModule,
        SigningKeysModule,
        ProjectionsModule,
        OpsModule,
        HealthModule,
        MetricsModule,
        AuditModule,
        GrpcModule,
        RevocationFeedModule,
        TrustedOriginsModule,
        UsersModule,
        SubjectsModule,
        RetentionModule,
        OpenApiModule,
      ],
      providers: [BootstrapConfigurationService, StartupService],
    };
  }
}
