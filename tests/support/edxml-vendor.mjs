// A document system of another vendor, simulated: it speaks only the hub operations a member
// system has (issue 14 item 3; docs/api.md "Exchange hub"), the way a system written against the
// national axis SDK would — send a package, list what arrived, get one, acknowledge it, trace
// what it sent, read the directory — and writes its packages itself (edXML, QCVN 102:2016).

const QCVN = 'http://www.mic.gov.vn/TBT/QCVN_102_2016';

const esc = (s) =>
  String(s)
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/"/g, '&quot;');

// A document package, as a vendor's SDK writes it (unprefixed elements: a deviation cqdt reads).
export function documentPackage({
  from,
  fromName = 'Phần mềm QLVB nhà cung cấp B',
  to,
  number = '15',
  notation = 'VP-NCC',
  date = '2026/12/01',
  subject = 'V/v thử nghiệm liên thông văn bản',
  pdf = '%PDF-1.4\n% vendor test\n',
  name = 'van-ban.pdf',
  // edxml.md §3.4: {type: 1 revoke | 2 update | 3 replace, documentId (the target), reason}
  business = null,
}) {
  const documentId = `${from},${date},${number}/${notation}`;
  const tos = (Array.isArray(to) ? to : [to])
    .map((code) => `<To><OrganId>${esc(code)}</OrganId><OrganName>Cơ quan nhận</OrganName></To>`)
    .join('');
  const xml = `<?xml version="1.0" encoding="UTF-8"?>
<edXML xmlns="${QCVN}"><edXMLEnvelope><edXMLHeader><MessageHeader>
<From><OrganId>${esc(from)}</OrganId><OrganName>${esc(fromName)}</OrganName></From>${tos}
<DocumentId>${esc(documentId)}</DocumentId>
<Code><CodeNumber>${esc(number)}</CodeNumber><CodeNotation>${esc(notation)}</CodeNotation></Code>
<PromulgationInfo><Place>Long Xuyên</Place><PromulgationDate>${date}</PromulgationDate></PromulgationInfo>
<DocumentType><Type>2</Type><TypeDetail>18</TypeDetail><TypeName>Công văn</TypeName></DocumentType>
<Subject>${esc(subject)}</Subject>
<SignerInfo><Position>Giám đốc</Position><FullName>Phạm Văn C</FullName></SignerInfo>
<OtherInfo><Priority>0</Priority></OtherInfo>
</MessageHeader>
<TraceHeaderList><TraceHeader><OrganId>${esc(from)}</OrganId><Timestamp>${date} 08:00:00</Timestamp></TraceHeader>
${businessXml(business)}
</TraceHeaderList></edXMLHeader>
<edXMLBody><edXMLManifest version="1.0"><Reference><ContentId>cid:1</ContentId><ContentType>application/pdf</ContentType><AttachmentName>${esc(name)}</AttachmentName></Reference></edXMLManifest></edXMLBody>
</edXMLEnvelope>
<AttachmentEncoded><Attachment><ContentId>1</ContentId><AttachmentName>${esc(name)}</AttachmentName><ContentType>application/pdf</ContentType><ContentTransferEncoded>${Buffer.from(pdf).toString('base64')}</ContentTransferEncoded></Attachment></AttachmentEncoded>
</edXML>`;
  return { xml, documentId };
}

function businessXml(b) {
  if (!b) {
    return '<Bussiness><BussinessDocType>0</BussinessDocType><BussinessDocReason>Văn bản điện tử mới</BussinessDocReason><Paper>0</Paper></Bussiness>';
  }
  const target = `<DocumentId>${esc(b.documentId)}</DocumentId>`;
  const extra =
    b.type === 2
      ? '<BussinessDocumentInfo><DocumentInfo>1</DocumentInfo><DocumentReceiver>0</DocumentReceiver><ReceiverList/></BussinessDocumentInfo>'
      : b.type === 3
        ? `<ReplacementInfoList><ReplacementInfo>${target}<OrganIdList/></ReplacementInfo></ReplacementInfoList>`
        : '';
  return `<Bussiness>${target}<BussinessDocType>${b.type}</BussinessDocType><BussinessDocReason>${esc(b.reason ?? '')}</BussinessDocReason><Paper>0</Paper>${extra}</Bussiness>`;
}

export class VendorSystem {
  constructor(baseUrl, secret) {
    this.baseUrl = baseUrl;
    this.secret = secret;
  }

  async call(method, path, { body, contentType } = {}) {
    const headers = {};
    if (this.secret) headers.Authorization = `Bearer ${this.secret}`;
    if (contentType) headers['Content-Type'] = contentType;
    const res = await fetch(`${this.baseUrl}/api/v1/exchange/hub${path}`, {
      method,
      headers,
      body,
      signal: AbortSignal.timeout(180_000),
    });
    const text = await res.text();
    let json;
    if (/json/.test(res.headers.get('content-type') ?? '')) json = JSON.parse(text);
    return { status: res.status, json, text, contentType: res.headers.get('content-type') };
  }

  send(xml) {
    return this.call('POST', '/packages', { body: xml, contentType: 'application/xml' });
  }
  inbox() {
    return this.call('GET', '/inbox');
  }
  get(id) {
    return this.call('GET', `/inbox/${id}`);
  }
  ack(id, status = 'done') {
    return this.call('POST', `/inbox/${id}/ack`, {
      body: JSON.stringify({ status }),
      contentType: 'application/json',
    });
  }
  sent(documentId) {
    return this.call(
      'GET',
      `/sent${documentId ? `?documentId=${encodeURIComponent(documentId)}` : ''}`,
    );
  }
  agencies() {
    return this.call('GET', '/agencies');
  }
}
