import { Inject, Logger, Module, type OnModuleInit } from '@nestjs/common';
import { ADMIN_CREDENTIAL, type AdminCredential } from '../admin-auth/admin-credential';
import { LEDGER_CONFIG, type LedgerConfig } from '@ledger/config';
import { AUDITOR_CREDENTIAL, loadAuditorCredential, type AuditorCredential } from './auditor-credential';
import { AuditorCredentialGuard } from './auditor-credential.guard';

/**
 * The auditor credential and its guard. Loaded at start, so a misconfigured credential (too
 * short, equal to the admin one) fails the start instead of the first audit request.
 */
@Module({
  providers: [
    {
      provide: AUDITOR_CREDENTIAL,
      useFactory: (config: LedgerConfig, admin: AdminCredential) => loadAuditorCredential(config.dataDir, config.auditorToken, admin.digest),
      inject: [LEDGER_CONFIG, ADMIN_CREDENTIAL],
    },
    AuditorCredentialGuard,
  ],
  exports: [AUDITOR_CREDENTIAL, AuditorCredentialGuard],
})
export class AuditAuthModule implements OnModuleInit {
  private readonly logger = new Logger('AuditAuth');

  constructor(@Inject(AUDITOR_CREDENTIAL) private readonly credential: AuditorCredential) {}

  onModuleInit(): void {
    // Where to find a generated credential; never the value.
    if (this.credential.generatedFile) this.logger.log({ msg: 'auditor credential', auditorTokenFile: this.credential.generatedFile });
  }
}
