import * as grpc from '@grpc/grpc-js';
import * as protoLoader from '@grpc/proto-loader';
import { protoPath as healthProtoPath } from 'grpc-health-check';
import * as path from 'node:path';
import * as protobuf from 'protobufjs';
import { openStream, unary, type StreamReader } from '../support/grpc-client';
import { startLedger, type TestLedger } from '../support/ledger-harness';

/** The standard health and reflection clients, as `grpc_health_probe` and `grpcurl` use them. */
function standardClients(address: string) {
  const load = (file: string, includeDirs: string[] = []) =>
    grpc.loadPackageDefinition(protoLoader.loadSync(file, { keepCase: true, longs: String, enums: String, defaults: true, oneofs: true, includeDirs }));
  const health = load(healthProtoPath) as unknown as { grpc: { health: { v1: { Health: grpc.ServiceClientConstructor } } } };
  const reflectionDir = path.dirname(require.resolve('@grpc/reflection/package.json'));
  const reflection = load('grpc/reflection/v1/reflection.proto', [path.join(reflectionDir, 'build', 'proto')]) as unknown as {
    grpc: { reflection: { v1: { ServerReflection: grpc.ServiceClientConstructor } } };
  };
  const credentials = grpc.credentials.createInsecure();
  return {
    health: new health.grpc.health.v1.Health(address, credentials),
    reflection: new reflection.grpc.reflection.v1.ServerReflection(address, credentials),
  };
}

const SERVICES = ['tokenledger.v1.AuditService', 'tokenledger.v1.OpsService', 'tokenledger.v1.RevocationFeed', 'tokenledger.v1.TokenService'];

describe('gRPC health and server reflection', () => {
  let ledger: TestLedger;
  let clients: ReturnType<typeof standardClients>;

  beforeAll(async () => {
    ledger = await startLedger({ grpc: true });
    clients = standardClients(ledger.grpcAddress!);
  });

  afterAll(async () => {
    clients.health.close();
    clients.reflection.close();
    await ledger.close();
  });

  it('answers SERVING for the server and for each Token Ledger service once started; NOT_FOUND for an unknown service', async () => {
    for (const service of ['', ...SERVICES]) {
      expect({ service, result: await unary(clients.health, 'Check', { service }) }).toEqual({ service, result: { ok: true, value: { status: 'SERVING' } } });
    }
    expect(await unary(clients.health, 'Check', { service: 'no.such.Service' })).toMatchObject({ ok: false, code: grpc.status.NOT_FOUND });
  });

  it('lists every service it serves, and describes them, through reflection (what grpcurl asks)', async () => {
    const call = clients.reflection as unknown as { ServerReflectionInfo(): grpc.ClientDuplexStream<object, Record<string, any>> };
    const ask = (request: object): Promise<Record<string, any>> =>
      new Promise((resolve, reject) => {
        const stream = call.ServerReflectionInfo();
        stream.once('data', (answer) => {
          resolve(answer);
          stream.end();
        });
        stream.once('error', reject);
        stream.write(request);
      });

    const listed = await ask({ list_services: '*' });
    const names = (listed.list_services_response.service as { name: string }[]).map((s) => s.name);
    expect(names).toEqual(expect.arrayContaining([...SERVICES, 'grpc.health.v1.Health']));

    const described = await ask({ file_containing_symbol: 'tokenledger.v1.TokenService' });
    const files = (described.file_descriptor_response.file_descriptor_proto as Buffer[]).map(decodeFileDescriptor);
    const methods = files.flatMap((file) => (file.service ?? []).flatMap((s: { name: string; method: { name: string }[] }) => s.method.map((m) => `${s.name}.${m.name}`)));
    expect(methods).toEqual(
      expect.arrayContaining([
        'TokenService.IssueTokens',
        'TokenService.RefreshTokens',
        'TokenService.IssueClientCredentialsToken',
        'TokenService.RevokeToken',
        'TokenService.IntrospectToken',
      ]),
    );
  });
});

describe('gRPC health on shutdown', () => {
  it('turns NOT_SERVING for its watchers as shutdown begins, then ends their stream', async () => {
    const ledger = await startLedger({ grpc: true });
    const { health, reflection } = standardClients(ledger.grpcAddress!);
    const watcher: StreamReader<{ status: string }> = openStream(health, 'Watch', { service: '' }, new grpc.Metadata());
    expect((await watcher.next(5_000)).message).toEqual({ status: 'SERVING' });
    await ledger.close();
    expect((await watcher.next(5_000)).message).toEqual({ status: 'NOT_SERVING' });
    expect((await watcher.status).code).toBe(grpc.status.OK);
    health.close();
    reflection.close();
  });
});

/** A `google.protobuf.FileDescriptorProto`, decoded with protobufjs's bundled descriptor.proto. */
function decodeFileDescriptor(bytes: Buffer): { name: string; service?: { name: string; method: { name: string }[] }[] } {
  const root = protobuf.Root.fromJSON(require('protobufjs/google/protobuf/descriptor.json'));
  const type = root.lookupType('google.protobuf.FileDescriptorProto');
  return type.toObject(type.decode(bytes), { defaults: true }) as { name: string; service?: { name: string; method: { name: string }[] }[] };
}
