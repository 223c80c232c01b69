import nodemailer from 'nodemailer';
import type { Mailer } from './notifications.service';

/** Sends through the SMTP server of `SMTP_URL` (smtp:// or smtps://user:password@host:port). */
export function createSmtpMailer(url: string, from: string): Mailer {
  const transport = nodemailer.createTransport(url);
  return {
    async send(message) {
      await transport.sendMail({ from, to: message.to, subject: message.subject, text: message.text });
    },
  };
}
