import { Module } from '@nestjs/common';
import { ProjectionsModule } from '../projections/projections.module';
import { ActivateClientHandler } from './activate-client/activate-client.handler';
import { ActivateClientHttpController } from './activate-client/activate-client.http.controller';
import { DeactivateClientHandler } from './deactivate-client/deactivate-client.handler';
import { DeactivateClientHttpController } from './deactivate-client/deactivate-client.http.controller';
import { AddClientSecretHandler } from './add-client-secret/add-client-secret.handler';
import { AddClientSecretHttpController } from './add-client-secret/add-client-secret.http.controller';
import { ChangeClientSecretHandler } from './change-client-secret/change-client-secret.handler';
import { ChangeClientSecretHttpController } from './change-client-secret/change-client-secret.http.controller';
import { GetClientSecretHandler, ListClientSecretsHandler } from './list-client-secrets/list-client-secrets.handler';
import { ListClientSecretsHttpController } from './list-client-secrets/list-client-secrets.http.controller';
import { DeleteClientHandler } from './delete-client/delete-client.handler';
import { DeleteClientHttpController } from './delete-client/delete-client.http.controller';
import { GetClientHandler } from './get-client/get-client.handler';
import { GetClientHttpController } from './get-client/get-client.http.controller';
import { ListClientsHandler } from './list-clients/list-clients.handler';
import { ListClientsHttpController } from './list-clients/list-clients.http.controller';
import { RegisterClientHandler } from './register-client/register-client.handler';
import { RegisterClientHttpController } from './register-client/register-client.http.controller';
import { RotateClientSecretHandler } from './rotate-client-secret/rotate-client-secret.handler';
import { RotateClientSecretHttpController } from './rotate-client-secret/rotate-client-secret.http.controller';
import { ClientFamiliesRevoker } from './shared/client-families-revoker';
import { ClientReader } from './shared/client-reader';
import { UpdateClientHandler } from './update-client/update-client.handler';
import { UpdateClientHttpController } from './update-client/update-client.http.controller';

/**
 * Management API for OAuth clients (`/api/v1/clients`, admin credential): registration with
 * generated secrets shown once, reads folded from the event store, updates, secret rotation
 * (one secret at once, or two side by side through `credentials/secrets`),
 * deactivation (which revokes every family of the client), activation and deletion.
 */
@Module({
  imports: [ProjectionsModule],
  controllers: [
    RegisterClientHttpController,
    ListClientsHttpController,
    GetClientHttpController,
    UpdateClientHttpController,
    DeleteClientHttpController,
    RotateClientSecretHttpController,
    DeactivateClientHttpController,
    ActivateClientHttpController,
    AddClientSecretHttpController,
    ListClientSecretsHttpController,
    ChangeClientSecretHttpController,
  ],
  providers: [
    ClientReader,
    ClientFamiliesRevoker,
    RegisterClientHandler,
    ListClientsHandler,
    GetClientHandler,
    UpdateClientHandler,
    DeleteClientHandler,
    RotateClientSecretHandler,
    DeactivateClientHandler,
    ActivateClientHandler,
    AddClientSecretHandler,
    ListClientSecretsHandler,
    GetClientSecretHandler,
    ChangeClientSecretHandler,
  ],
})
export class ClientsModule {}
