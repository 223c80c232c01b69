import nodemailer from 'nodemailer';
import type SMTPTransport from 'nodemailer/lib/smtp-transport';
import type { Mailer } from './notifications.service';

/** Sends through the SMTP server of `SMTP_URL` (smtp:// or smtps://user:password@host:port). */
export function createSmtpMailer(url: string, from: string): Mailer {
  // Bounded waits (nodemailer's defaults are 2 min to connect and 10 min of silence): a hung SMTP server fails
  // the job well inside the queue's 120 s expiry, and the job is retried later.
  const options: SMTPTransport.Options = {
    url,
    connectionTimeout: 10_000,
    greetingTimeout: 10_000,
    socketTimeout: 30_000,
  };
  const transport = nodemailer.createTransport(options);
  return {
    async send(message) {
      await transport.sendMail({ from, to: message.to, subject: message.subject, text: message.text });
    },
  };
}
