import * as x509 from './x509';

/** OIDs of the name attributes Congso writes (X.520 and RFC 4519). */
export const nameOids = {
  country: '2.5.4.6',
  stateOrProvince: '2.5.4.8',
  locality: '2.5.4.7',
  organization: '2.5.4.10',
  organizationalUnit: '2.5.4.11',
  title: '2.5.4.12',
  commonName: '2.5.4.3',
  /** userId: Vietnamese CAs put the holder's identifier here, prefixed by its kind (`CCCD:`, `MST:`). */
  uid: '0.9.2342.19200300.100.1.1',
  email: '1.2.840.113549.1.9.1',
} as const;

/** Prefixes of the UID attribute: a person's citizen ID number, an agency's electronic identifier (QĐ 20/2020). */
export const uidPrefixes = { nationalId: 'CCCD:', agencyCode: 'MDDT:' } as const;

export type NameAttribute = keyof typeof nameOids;

/**
 * A distinguished name from (attribute, value) pairs in order, most general first (C, ST, O, ..., CN, UID).
 * Country is a PrintableString (X.520), everything else a UTF8String (Vietnamese names keep their marks).
 * Empty values are left out.
 */
export function distinguishedName(parts: ReadonlyArray<readonly [NameAttribute, string | undefined]>): x509.Name {
  const rdns: x509.JsonNameParams = [];
  for (const [attribute, value] of parts) {
    const text = value?.trim();
    if (!text) continue;
    const oid = nameOids[attribute];
    rdns.push({
      [oid]: [
        attribute === 'country'
          ? { printableString: text }
          : attribute === 'email'
            ? { ia5String: text }
            : { utf8String: text },
      ],
    });
  }
  return new x509.Name(rdns);
}

/** The first value of an attribute in a name (`commonName`, `uid`, ...), or undefined. */
export function nameField(name: x509.Name, attribute: NameAttribute): string | undefined {
  return name.getField(nameOids[attribute])[0];
}
