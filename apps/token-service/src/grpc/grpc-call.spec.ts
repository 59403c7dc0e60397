import { peerAddressOf } from './grpc-call';

describe('peerAddressOf', () => {
  it.each([
    ['127.0.0.1:50123', '127.0.0.1'],
    ['::1:50123', '::1'],
    ['::ffff:10.0.0.7:443', '::ffff:10.0.0.7'],
    ['ipv4:10.1.2.3:5000', '10.1.2.3'],
    ['ipv6:[2001:db8::1]:5000', '2001:db8::1'],
    ['[2001:db8::1]:5000', '2001:db8::1'],
    ['/run/ledger.sock', '/run/ledger.sock'],
  ])('reads %s as %s (the address HTTP would see, without the port)', (peer, address) => {
    expect(peerAddressOf(peer)).toBe(address);
  });

  it('has no address for a call whose socket is gone', () => {
    expect(peerAddressOf('unknown')).toBeUndefined();
  });
});
