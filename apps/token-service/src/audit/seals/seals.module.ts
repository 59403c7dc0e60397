import { Module } from '@nestjs/common';
import { AuditAuthModule } from '../../audit-auth/audit-auth.module';
import { GrpcModule } from '../../grpc/grpc.module';
import { EventProofGrpcController } from './event-proof/event-proof.grpc.controller';
import { LatestSealGrpcController } from './latest-seal/latest-seal.grpc.controller';
import { ListSealingKeysGrpcController } from './list-sealing-keys/list-sealing-keys.grpc.controller';
import { SealConsistencyGrpcController } from './seal-consistency/seal-consistency.grpc.controller';
import { EventProofHandler } from './event-proof/event-proof.handler';
import { EventProofHttpController } from './event-proof/event-proof.http.controller';
import { IntegrityCheck } from './integrity-check';
import { LatestSealHandler } from './latest-seal/latest-seal.handler';
import { LatestSealHttpController } from './latest-seal/latest-seal.http.controller';
import { LedgerSealerScheduler } from './ledger-sealer.scheduler';
import { ListSealingKeysHandler } from './list-sealing-keys/list-sealing-keys.handler';
import { ListSealingKeysHttpController } from './list-sealing-keys/list-sealing-keys.http.controller';
import { merkleTreeProvider } from './merkle-tree.provider';
import { SealConsistencyHandler } from './seal-consistency/seal-consistency.handler';
import { SealConsistencyHttpController } from './seal-consistency/seal-consistency.http.controller';
import { SealingKeys } from './sealing-keys.service';

/**
 * Seals (signed Merkle tree heads over the whole log), the integrity gate's check, and the audit
 * API over them (HTTP and gRPC `AuditService`): the newest seal, consistency and inclusion proofs,
 * the sealing keys.
 */
@Module({
  imports: [GrpcModule, AuditAuthModule],
  controllers: [
    LatestSealGrpcController,
    SealConsistencyGrpcController,
    EventProofGrpcController,
    ListSealingKeysGrpcController,
    LatestSealHttpController,
    SealConsistencyHttpController,
    EventProofHttpController,
    ListSealingKeysHttpController,
  ],
  providers: [
    merkleTreeProvider,
    SealingKeys,
    IntegrityCheck,
    LedgerSealerScheduler,
    LatestSealHandler,
    SealConsistencyHandler,
    EventProofHandler,
    ListSealingKeysHandler,
  ],
  exports: [SealingKeys],
})
export class SealsModule {}
