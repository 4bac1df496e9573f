/**
 * A small knowledge base of server-first protocols: the server speaks before the client, so
 * Istio's protocol sniffing, which waits for the client's first bytes, stalls until it times
 * out (https://istio.io/latest/docs/ops/deployment/application-requirements/#server-first-protocols).
 * Matched by container image and the port the protocol uses.
 */
export interface ServerFirstProtocol {
  name: string;
  image: RegExp;
  ports: number[];
}

export const SERVER_FIRST: readonly ServerFirstProtocol[] = [
  { name: 'NATS', image: /(^|\/)nats(-streaming|-server)?(:|@|$)/, ports: [4222, 6222, 7422, 7522] },
  { name: 'MySQL protocol', image: /(^|\/)(mysql|mariadb|percona[\w-]*|mysql-server|galera[\w-]*)(:|@|$)/, ports: [3306, 3307] },
  { name: 'MySQL protocol (TiDB)', image: /(^|\/)tidb(:|@|$)/, ports: [4000] },
  { name: 'MySQL protocol (ProxySQL)', image: /(^|\/)proxysql(:|@|$)/, ports: [6033] },
  { name: 'SMTP', image: /(^|\/)(postfix|exim4?|[\w-]*smtp[\w-]*|mailhog|mailpit|maildev)(:|@|$)/, ports: [25, 587, 1025, 2525] },
  { name: 'FTP', image: /(^|\/)[\w-]*ftpd?[\w-]*(:|@|$)/, ports: [21] },
  { name: 'POP3/IMAP', image: /(^|\/)(dovecot|courier-imap|cyrus-imapd)(:|@|$)/, ports: [110, 143] },
];

/** The server-first protocol a container image speaks on a port, if the knowledge base knows it. */
export function serverFirstProtocol(image: string, port: number): ServerFirstProtocol | undefined {
  const name = image.toLowerCase();
  return SERVER_FIRST.find((p) => p.ports.includes(port) && p.image.test(name));
}
