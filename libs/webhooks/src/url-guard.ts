/**
 * Where a webhook may be sent (server-side request forgery): http(s) only, never to link-local or cloud
 * metadata addresses, and to loopback and private networks only when WEBHOOK_ALLOW_PRIVATE_NETWORKS
 * allows. Checked when a subscription is saved (a clear 400), and again when each attempt connects
 * (guardedLookup): a host name that resolved to a public address at saving may resolve to an internal
 * one later (DNS rebinding), and the connection then is refused before it is made.
 */
import { lookup } from 'node:dns';
import { promises as dns } from 'node:dns';
import { BlockList, isIP } from 'node:net';
import type { LookupAddress, LookupOptions } from 'node:dns';

export const MAX_URL_LENGTH = 2048;

/** Host names that are cloud metadata services whatever they resolve to. */
const METADATA_HOSTS = new Set(['metadata.google.internal', 'metadata.goog', 'metadata']);

function blockList(v4: string[], v6: string[]): BlockList {
  const list = new BlockList();
  for (const cidr of v4) {
    const [net, bits] = cidr.split('/');
    list.addSubnet(net, Number(bits), 'ipv4');
  }
  for (const cidr of v6) {
    const [net, bits] = cidr.split('/');
    list.addSubnet(net, Number(bits), 'ipv6');
  }
  return list;
}

// Always refused: cloud metadata (AWS, GCP, Azure, OpenStack on 169.254.169.254; AWS IPv6; Alibaba), link-local,
// and addresses that are no destination at all (this network, multicast, broadcast).
const METADATA = blockList(['169.254.169.254/32', '100.100.100.200/32'], ['fd00:ec2::254/128']);
const LINK_LOCAL = blockList(['169.254.0.0/16'], ['fe80::/10']);
const NOT_A_DESTINATION = blockList(['0.0.0.0/8', '224.0.0.0/4', '240.0.0.0/4'], ['::/128', 'ff00::/8']);
// Refused unless private networks are allowed.
const LOOPBACK = blockList(['127.0.0.0/8'], ['::1/128']);
const PRIVATE = blockList(['10.0.0.0/8', '172.16.0.0/12', '192.168.0.0/16', '100.64.0.0/10', '198.18.0.0/15'], ['fc00::/7']);

// IPv6 addresses that carry an IPv4 address and lead to it, judged as that IPv4 address (64:ff9b::a9fe:a9fe reaches
// the metadata service through a NAT64 gateway): IPv4-mapped and -translated (SIIT), NAT64 (the well-known prefix, and
// the local-use one read with the /96 layout of RFC 6052, the one DNS64 synthesises), the deprecated IPv4-compatible
// form, 6to4 (the address after 2002:) and Teredo (the client's address, the last 32 bits inverted). `at` is the
// 16-bit group where the IPv4 address begins.
const EMBEDDING: { form: string; prefix: BlockList; at: number; inverted?: boolean }[] = [
  { form: 'IPv4-mapped', prefix: blockList([], ['::ffff:0:0/96']), at: 6 },
  { form: 'IPv4-translated', prefix: blockList([], ['::ffff:0:0:0/96']), at: 6 },
  { form: 'NAT64', prefix: blockList([], ['64:ff9b::/96', '64:ff9b:1::/48']), at: 6 },
  { form: 'IPv4-compatible', prefix: blockList([], ['::/96']), at: 6 },
  { form: '6to4', prefix: blockList([], ['2002::/16']), at: 1 },
  { form: 'Teredo', prefix: blockList([], ['2001::/32']), at: 6, inverted: true },
];
// :: and ::1 lie in ::/96 but are the unspecified and loopback addresses themselves, not IPv4-compatible ones.
const NOT_COMPATIBLE = blockList([], ['::/127']);

/**
 * The eight 16-bit groups of an IPv6 address. The URL parser writes the address out first: lower-case hex, one
 * `::` at most and never an a.b.c.d tail, whichever way it was given.
 */
function groups(ipv6: string): number[] {
  const [head, tail] = new URL(`http://[${ipv6}]/`).hostname.slice(1, -1).split('::');
  const parse = (part: string | undefined) => (part ? part.split(':').map((group) => parseInt(group, 16)) : []);
  const [before, after] = [parse(head), parse(tail)];
  return [...before, ...new Array<number>(8 - before.length - after.length).fill(0), ...after];
}

/** The IPv4 address an IPv6 address carries, and the form it is carried in; null when it carries none. */
function embeddedIpv4(ipv6: string): { address: string; form: string } | null {
  if (NOT_COMPATIBLE.check(ipv6, 'ipv6')) return null;
  const embedding = EMBEDDING.find(({ prefix }) => prefix.check(ipv6, 'ipv6'));
  if (!embedding) return null;
  const g = groups(ipv6);
  const [high, low] = [g[embedding.at], g[embedding.at + 1]].map((group) => (embedding.inverted ? group ^ 0xffff : group));
  return { address: [high >> 8, high & 0xff, low >> 8, low & 0xff].join('.'), form: embedding.form };
}

/** The address to judge, and how to name it: an IPv6 address carrying an IPv4 address is judged as that one. */
function normalise(ip: string): { address: string; family: 'ipv4' | 'ipv6'; named: string } {
  // A zone index (fe80::1%eth0) names an interface, not an address, and the URL parser refuses one: judged without it.
  const address = ip.replace(/%.*$/, '');
  if (isIP(address) !== 6) return { address, family: 'ipv4', named: ip };
  const embedded = embeddedIpv4(address);
  if (!embedded) return { address, family: 'ipv6', named: ip };
  return { address: embedded.address, family: 'ipv4', named: `${ip} (${embedded.address} in ${embedded.form} form)` };
}

/** Why a connection to this address is refused, or null when it may be made. */
export function addressRefusal(ip: string, allowPrivate: boolean): string | null {
  const { address, family, named } = normalise(ip);
  if (METADATA.check(address, family)) return `${named} is a cloud metadata address`;
  if (LINK_LOCAL.check(address, family)) return `${named} is a link-local address`;
  if (NOT_A_DESTINATION.check(address, family)) return `${named} is not a destination address (unspecified, multicast or reserved)`;
  if (allowPrivate) return null;
  if (LOOPBACK.check(address, family)) return `${named} is a loopback address (set WEBHOOK_ALLOW_PRIVATE_NETWORKS=true to allow private networks)`;
  if (PRIVATE.check(address, family)) return `${named} is a private network address (set WEBHOOK_ALLOW_PRIVATE_NETWORKS=true to allow private networks)`;
  return null;
}

/** The URL's host name as DNS and net.connect take it: brackets off an IPv6 literal, no trailing dot. */
function hostOf(url: URL): string {
  return url.hostname
    .replace(/^\[(.*)\]$/, '$1')
    .replace(/\.$/, '')
    .toLowerCase();
}

/** What is wrong with a URL's form, before any resolution; null when nothing. */
export function urlFormRefusal(raw: string): string | null {
  if (raw.length > MAX_URL_LENGTH) return `url must be at most ${MAX_URL_LENGTH} characters`;
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    return 'url must be an absolute http:// or https:// URL';
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') return `url must use http or https, not ${url.protocol.replace(/:$/, '')}`;
  if (url.username || url.password) return 'url must not carry a user name or password';
  if (url.hash) return 'url must not have a #fragment (it is never sent)';
  if (METADATA_HOSTS.has(hostOf(url))) return `url host ${hostOf(url)} is a cloud metadata service`;
  return null;
}

/**
 * Checks a subscription's URL: its form, then every address its host resolves to (all must be allowed:
 * a connection may use any of them). Returns what is wrong, or null.
 */
export async function urlRefusal(raw: string, allowPrivate: boolean): Promise<string | null> {
  const form = urlFormRefusal(raw);
  if (form) return form;
  const host = hostOf(new URL(raw));
  let addresses: string[];
  if (isIP(host)) addresses = [host];
  else {
    try {
      addresses = (await dns.lookup(host, { all: true, verbatim: true })).map((a) => a.address);
    } catch {
      return `url host ${host} does not resolve`;
    }
  }
  for (const address of addresses) {
    const refusal = addressRefusal(address, allowPrivate);
    if (refusal) return `url host ${host} is refused: ${refusal}`;
  }
  return null;
}

export class RefusedAddressError extends Error {
  readonly code = 'EWEBHOOKREFUSED';
}

type LookupCallback = (error: NodeJS.ErrnoException | null, address: string | LookupAddress[], family?: number) => void;

/**
 * A `lookup` for http.request that refuses forbidden addresses at connection time: the address the
 * socket connects to is the one checked here, so a name that now resolves elsewhere cannot slip past.
 */
export function guardedLookup(allowPrivate: boolean) {
  return (hostname: string, options: LookupOptions, callback: LookupCallback): void => {
    lookup(hostname, { ...options, all: true }, (error, addresses) => {
      if (error) return callback(error, '');
      const list = addresses;
      for (const { address } of list) {
        const refusal = addressRefusal(address, allowPrivate);
        if (refusal) return callback(new RefusedAddressError(`refused to connect to ${hostname}: ${refusal}`), '');
      }
      if (options.all) return callback(null, list);
      const first = list[0];
      return callback(null, first.address, first.family);
    });
  };
}

/** For a URL whose host is an IP literal (no lookup happens): the refusal, or null. */
export function literalRefusal(url: URL, allowPrivate: boolean): string | null {
  const host = hostOf(url);
  return isIP(host) ? addressRefusal(host, allowPrivate) : null;
}
