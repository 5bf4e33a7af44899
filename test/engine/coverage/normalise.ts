// Makes an engine answer stable enough to commit: ids, digests, dates and sizes become placeholders
// of the same JSON type (so a fixture still shows which type the engine sent), lists keep two items,
// long strings (certificates, keys) are cut.
const HEX_ID = /^[0-9a-f]{64}$/;
const DIGEST = /^sha256:[0-9a-f]{64}$/;
const SWARM_ID = /^[0-9a-z]{25}$/;
const DATE = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}/;
const SIZE_KEY = /size|bytes|usage|memory|mem_|cpu|count|pid|index|time|port|uptime|throttl|limit|read|write|_stats/i;

function normaliseString(value: string): string {
  if (HEX_ID.test(value)) return '<id>';
  if (DIGEST.test(value)) return 'sha256:<digest>';
  if (DATE.test(value)) return '2000-01-01T00:00:00Z';
  if (SWARM_ID.test(value) && /\d/.test(value)) return '<swarm-id>';
  if (value.length > 200) return `${value.slice(0, 40)}...`;
  // The engine's state folder and install folder (in the checkout, wherever that is, spaces included)
  // are this machine's: keep only the part under them.
  return value
    .replace(/[0-9a-f]{64}/g, '<id>')
    .replace(/^\/\S*?\/dockerapi-\d+\/(?:data|exec)\b/, '<engine-root>')
    .replace(/^\/.*?\/\.cache\/engines\/\d+\/root\b/, '<engine-install>');
}

export function normaliseAnswer(value: unknown, key = ''): unknown {
  if (Array.isArray(value)) return value.slice(0, 2).map((item) => normaliseAnswer(item, key));
  if (typeof value === 'string') return normaliseString(value);
  if (typeof value === 'number') return SIZE_KEY.test(key) ? 0 : value;
  if (!value || typeof value !== 'object') return value;
  return Object.fromEntries(Object.entries(value).map(([k, v]) => [normaliseString(k), normaliseAnswer(v, k)]));
}
