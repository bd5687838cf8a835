import type { TLSSocket } from 'node:tls';

/** What the endpoint's TLS connection showed (the first TLS connection of the probe). */
export interface TlsFacts {
  /** TLSv1.3, TLSv1.2 ... */
  protocol: string | null;
  cipher: string | null;
  /** Whether the chain verified (false only with --insecure). */
  authorized: boolean;
  certificate: {
    subject: string | null;
    issuer: string | null;
    /** ISO 8601. */
    validFrom: string | null;
    validTo: string | null;
    fingerprint256: string | null;
  } | null;
}

function isoOrNull(value: string | undefined): string | null {
  if (!value) return null;
  const time = Date.parse(value);
  return Number.isNaN(time) ? null : new Date(time).toISOString();
}

function nameOf(entity: Record<string, unknown> | undefined): string | null {
  if (!entity) return null;
  const value = entity['CN'] ?? entity['O'];
  return typeof value === 'string' ? value : Array.isArray(value) ? String(value[0]) : null;
}

export function tlsFactsOf(socket: TLSSocket): TlsFacts {
  const certificate = socket.getPeerCertificate();
  const hasCertificate = certificate && Object.keys(certificate).length > 0;
  return {
    protocol: socket.getProtocol() ?? null,
    cipher: socket.getCipher()?.name ?? null,
    authorized: socket.authorized,
    certificate: hasCertificate
      ? {
          subject: nameOf(certificate.subject as unknown as Record<string, unknown>),
          issuer: nameOf(certificate.issuer as unknown as Record<string, unknown>),
          validFrom: isoOrNull(certificate.valid_from),
          validTo: isoOrNull(certificate.valid_to),
          fingerprint256: certificate.fingerprint256 ?? null,
        }
      : null,
  };
}
