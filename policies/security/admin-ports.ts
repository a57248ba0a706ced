/** Administration ports and the protocols behind them, for the exposure check. */

export const ADMIN_PORTS: readonly { port: number; service: string }[] = [
  { port: 22, service: 'SSH' },
  { port: 2379, service: 'etcd client' },
  { port: 2380, service: 'etcd peer' },
  { port: 3306, service: 'MySQL/MariaDB' },
  { port: 5432, service: 'PostgreSQL' },
  { port: 5672, service: 'RabbitMQ' },
  { port: 6379, service: 'Redis' },
  { port: 6443, service: 'Kubernetes API' },
  { port: 9345, service: 'RKE2 supervisor' },
  { port: 10250, service: 'kubelet API' },
  { port: 15672, service: 'RabbitMQ management' },
  { port: 27017, service: 'MongoDB' },
];

/** Admin services whose ports fall in [min, max]. */
export function adminServicesIn(min: number, max: number): string[] {
  return ADMIN_PORTS.filter((p) => p.port >= min && p.port <= max).map((p) => `${p.service} (${p.port})`);
}
