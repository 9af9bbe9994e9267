// Signs edXML packages in-process, the way a vendor's system with its own seal would, so that a
// test or a benchmark can send hundreds or thousands of distinct signed packages without one
// `cqdt sign xml` process per package. The signature is what cqdt writes itself
// (src/xml/xml_sign.cpp; edxml.md §6): an enveloped XML-DSig, Reference URI="", transforms
// enveloped-signature + exclusive C14N, SHA-256, RSA or ECDSA over the exclusive C14N of
// SignedInfo, the signer's certificate and its chain in X509Data, placed as the last child of
// edXMLHeader.
//
// No XML library: the package must already be in canonical form (what documentPackage and
// sizedPackage write: no XML declaration inside the root, no self-closing tags, no CR, no
// comments, no CDATA, text escaped as C14N escapes it), so its exclusive C14N is its own text
// from the root element on, and SignedInfo is written in canonical form. sign() refuses a
// package that is not; cqdt (and xmlsec1) verify what it writes.
//
//   const signer = PackageSigner.fromP12(path.join(server.dataDir, 'pki', 'seal-000.00.00.h01.p12'));
//   const xml = signer.sign(documentPackage({...}).xml);
//
// The key is taken out of the PKCS#12 file once, with the openssl CLI (Node reads no PKCS#12).

import { createHash, createPrivateKey, randomBytes, sign as signData } from 'node:crypto';
import { readFileSync } from 'node:fs';

import { documentPackage } from './edxml-vendor.mjs';
import { openssl } from './pki.mjs';

const DSIG = 'http://www.w3.org/2000/09/xmldsig#';
const EXC_C14N = 'http://www.w3.org/2001/10/xml-exc-c14n#';
const ENVELOPED = 'http://www.w3.org/2000/09/xmldsig#enveloped-signature';
const SHA256 = 'http://www.w3.org/2001/04/xmlenc#sha256';
const RSA_SHA256 = 'http://www.w3.org/2001/04/xmldsig-more#rsa-sha256';
const ECDSA_SHA256 = 'http://www.w3.org/2001/04/xmldsig-more#ecdsa-sha256';

// Every PEM certificate of a file, as base64 DER (the X509Certificate text).
function certificatesOf(pem) {
  const out = [];
  const re = /-----BEGIN CERTIFICATE-----([\s\S]*?)-----END CERTIFICATE-----/g;
  for (let m = re.exec(pem); m; m = re.exec(pem)) out.push(m[1].replace(/\s+/g, ''));
  return out;
}

// Throws when `doc` (the root element's text) is not its own exclusive C14N.
function assertCanonical(doc) {
  const forms = [
    ['/>', 'a self-closing tag'],
    ['\r', 'a carriage return'],
    ['<!--', 'a comment'],
    ['<![CDATA[', 'a CDATA section'],
    ['<?', 'a processing instruction'],
    ['&quot;', '&quot; in text (C14N writes ")'],
    ['&apos;', "&apos; (C14N writes ')"],
    ['&#', 'a character reference'],
    ["='", 'a single-quoted attribute'],
  ];
  for (const [form, what] of forms) {
    if (doc.includes(form)) throw new Error(`the package is not canonical: ${what}`);
  }
}

export class PackageSigner {
  // key: a Node KeyObject; certificates: base64 DER, the signer's first, then its chain.
  constructor(key, certificates) {
    this.key = key;
    this.certificates = certificates;
    this.ec = key.asymmetricKeyType === 'ec';
    if (!this.ec && key.asymmetricKeyType !== 'rsa') {
      throw new Error(`unsupported key type ${key.asymmetricKeyType}`);
    }
  }

  // A seal's PKCS#12 (as `cqdt pki demo-ca` writes it: empty password) and its "<file>.pem"
  // beside it (the certificate and its chain).
  static fromP12(p12Path, { password = '', chainPem = `${p12Path}.pem` } = {}) {
    const pem = openssl([
      'pkcs12',
      '-in',
      p12Path,
      '-nocerts',
      '-nodes',
      '-passin',
      `pass:${password}`,
    ]).stdout;
    const key = createPrivateKey(pem.slice(pem.indexOf('-----BEGIN')));
    return new PackageSigner(key, certificatesOf(readFileSync(chainPem, 'utf8')));
  }

  // About what sign() adds to a package (for sizedPackage's signatureBytes).
  get signatureBytes() {
    return 1100 + this.certificates.reduce((n, c) => n + c.length + 35, 0);
  }

  // The package with its enveloped signature.
  sign(xml) {
    const start = xml.indexOf('<edXML');
    const end = xml.lastIndexOf('</edXML>') + '</edXML>'.length;
    if (start < 0 || end < start) throw new Error('not an edXML package');
    const prolog = xml.slice(0, start);
    if (prolog && !/^<\?xml [^?]*\?>\s*$/.test(prolog)) {
      throw new Error('only an XML declaration may come before the root element');
    }
    const doc = xml.slice(start, end);
    assertCanonical(doc);
    const anchor = doc.lastIndexOf('</edXMLHeader>');
    if (anchor < 0) throw new Error('no edXMLHeader to sign into');

    // The enveloped transform takes the Signature out again: the reference digest is over the
    // document as it is now.
    const digest = createHash('sha256').update(doc, 'utf8').digest('base64');
    const inner =
      `<CanonicalizationMethod Algorithm="${EXC_C14N}"></CanonicalizationMethod>` +
      `<SignatureMethod Algorithm="${this.ec ? ECDSA_SHA256 : RSA_SHA256}"></SignatureMethod>` +
      `<Reference URI=""><Transforms>` +
      `<Transform Algorithm="${ENVELOPED}"></Transform>` +
      `<Transform Algorithm="${EXC_C14N}"></Transform>` +
      `</Transforms><DigestMethod Algorithm="${SHA256}"></DigestMethod>` +
      `<DigestValue>${digest}</DigestValue></Reference>`;
    // Exclusive C14N of SignedInfo alone: the default namespace it uses is declared on it.
    const canonicalSignedInfo = `<SignedInfo xmlns="${DSIG}">${inner}</SignedInfo>`;
    const value = signData('sha256', Buffer.from(canonicalSignedInfo, 'utf8'), {
      key: this.key,
      ...(this.ec ? { dsaEncoding: 'ieee-p1363' } : {}),
    }).toString('base64');
    const keyInfo = this.certificates
      .map((c) => `<X509Certificate>${c}</X509Certificate>`)
      .join('');
    const signature =
      `<Signature xmlns="${DSIG}"><SignedInfo>${inner}</SignedInfo>` +
      `<SignatureValue>${value}</SignatureValue>` +
      `<KeyInfo><X509Data>${keyInfo}</X509Data></KeyInfo></Signature>`;
    return (
      '<?xml version="1.0" encoding="UTF-8"?>\n' +
      doc.slice(0, anchor) +
      signature +
      doc.slice(anchor) +
      xml.slice(end)
    );
  }
}

// A document package of about `bytes` bytes once signed (a PDF-named attachment of random
// printable filler; the signature adds about `signatureBytes`: pass signer.signatureBytes), in
// canonical form. Each call
// with another `number` is another document (DocumentId = from,date,number/notation).
export function sizedPackage({
  from,
  to,
  number,
  notation = 'NCC-LT',
  subject = 'V/v thử nghiệm liên thông văn bản',
  bytes = 4096,
  signatureBytes = 3500,
}) {
  const skeleton = documentPackage({ from, to, number, notation, subject, pdf: '' }).xml.length;
  // The attachment is base64 in the package: 3 bytes of PDF for 4 of package.
  const room = Math.max(64, Math.floor(((bytes - skeleton - signatureBytes) * 3) / 4));
  const filler = randomBytes(room)
    .toString('base64')
    .replace(/[^A-Za-z0-9]/g, 'x')
    .slice(0, Math.max(0, room - 16));
  const pdf = `%PDF-1.4\n% ${filler}\n%%EOF\n`;
  return documentPackage({ from, to, number, notation, subject, pdf });
}
