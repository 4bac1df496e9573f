/**
 * Server-first protocols: the server speaks before the client, so Istio's protocol sniffing,
 * which waits for the client's first bytes, stalls until it times out
 * (https://istio.io/latest/docs/ops/deployment/application-requirements/#server-first-protocols).
 * Clustered systems come from the catalogue (knowledge/systems/, a port's serverFirst); the few
 * standalone servers below are not clustered systems and have no catalogue entry.
 */
import { imageRepository } from './recognise-system.js';
import { systems } from './systems.js';

export interface ServerFirstProtocol {
  name: string;
  image: RegExp;
  ports: number[];
}

const STANDALONE: readonly ServerFirstProtocol[] = [
  { name: 'MySQL protocol', image: /(^|\/)(mysql|mariadb|percona[\w-]*|mysql-server|galera[\w-]*)(:|@|$)/, ports: [3306, 3307] },
  { name: 'MySQL protocol (TiDB)', image: /(^|\/)tidb(:|@|$)/, ports: [4000] },
  { name: 'MySQL protocol (ProxySQL)', image: /(^|\/)proxysql(:|@|$)/, ports: [6033] },
  { name: 'SMTP', image: /(^|\/)(postfix|exim4?|[\w-]*smtp[\w-]*|mailhog|mailpit|maildev)(:|@|$)/, ports: [25, 587, 1025, 2525] },
  { name: 'FTP', image: /(^|\/)[\w-]*ftpd?[\w-]*(:|@|$)/, ports: [21] },
  { name: 'POP3/IMAP', image: /(^|\/)(dovecot|courier-imap|cyrus-imapd)(:|@|$)/, ports: [110, 143] },
];

let fromCatalogue: ServerFirstProtocol[] | undefined;

/** Per catalogued system, the fixed ports on which its server speaks first, in any of its modes. */
function catalogueProtocols(): ServerFirstProtocol[] {
  fromCatalogue ??= systems().flatMap((s) => {
    const ports = [...s.ports, ...(s.modes ?? []).flatMap((m) => m.ports ?? [])].filter((p) => p.serverFirst && p.number !== undefined).map((p) => p.number as number);
    const images = s.recognise.images ?? [];
    if (ports.length === 0 || images.length === 0) return [];
    return [{ name: s.name, image: new RegExp(images.map((i) => `(?:${i})`).join('|'), 'i'), ports: [...new Set(ports)] }];
  });
  return fromCatalogue;
}

/** The server-first protocol a container image speaks on a port, if the knowledge base knows it. */
export function serverFirstProtocol(image: string, port: number): ServerFirstProtocol | undefined {
  const repo = imageRepository(image);
  const catalogued = catalogueProtocols().find((p) => p.ports.includes(port) && p.image.test(repo));
  if (catalogued) return catalogued;
  const name = image.toLowerCase();
  return STANDALONE.find((p) => p.ports.includes(port) && p.image.test(name));
}
