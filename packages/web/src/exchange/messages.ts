import type { MessagesOf } from '../app/messages';

/** User-facing text of the edXML exchange between installations (province administrators). */
export const exchangeVi = {
  nav: 'Liên thông văn bản',
  title: 'Liên thông văn bản (edXML)',
  intro:
    'Gói tin edXML và thông điệp trạng thái gửi đi, nhận về với các hệ thống khác. Gói tin gửi không được sẽ được thử lại nhiều lần, giãn dần; sau lần cuối có thể gửi lại tại đây.',
  filter: 'Trạng thái',
  all: 'Tất cả',
  table: 'Gói tin liên thông',
  createdAt: 'Thời điểm',
  direction: 'Chiều',
  kind: 'Loại',
  document: 'Văn bản',
  peer: 'Hệ thống',
  state: 'Tình trạng',
  directions: { out: 'Gửi đi', in: 'Nhận về' },
  kinds: { package: 'Văn bản', status: 'Trạng thái' },
  states: {
    queued: 'Đang chờ gửi',
    delivered: 'Đã chuyển',
    refused: 'Bị từ chối',
    failed: 'Gửi không được',
    received: 'Đã nhận',
  },
  attempts: 'Đã thử {{count}} lần',
  retry: 'Gửi lại',
  retryLabel: 'Gửi lại gói tin {{name}}',
  retried: 'Đã đưa gói tin vào hàng đợi gửi lại.',
  empty: 'Không có gói tin nào.',
};

export const exchangeEn: MessagesOf<typeof exchangeVi> = {
  nav: 'Document exchange',
  title: 'Document exchange (edXML)',
  intro:
    'edXML packages and status messages sent to and received from other systems. A package that cannot be delivered is retried several times, further apart each time; after the last try it can be sent again here.',
  filter: 'State',
  all: 'All',
  table: 'Exchange messages',
  createdAt: 'Time',
  direction: 'Direction',
  kind: 'Kind',
  document: 'Document',
  peer: 'System',
  state: 'State',
  directions: { out: 'Sent', in: 'Received' },
  kinds: { package: 'Document', status: 'Status' },
  states: {
    queued: 'Waiting to be sent',
    delivered: 'Delivered',
    refused: 'Refused',
    failed: 'Could not be sent',
    received: 'Received',
  },
  attempts: '{{count}} tries',
  retry: 'Send again',
  retryLabel: 'Send package {{name}} again',
  retried: 'The message is back in the sending queue.',
  empty: 'No messages.',
};
