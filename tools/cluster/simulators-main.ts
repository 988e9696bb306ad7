/**
 * The third parties of the local cluster topology, in one process of their own: the core-banking,
 * telephony, WhatsApp, social-media and SMS simulators and an SMTP catcher, on fixed ports
 * (SIM_*_PORT). They stand in for the bank's systems, which a real cluster names in
 * CORE_BANKING_URL etc. A small control endpoint (SIM_CONTROL_PORT) answers what the chaos and
 * smoke checks count: the emails caught (by Message-ID) and the core-banking journal's file.
 */
import express from 'express';
import { startCoreBankingSimulator } from '../../adapters/core-banking/simulator/server';
import { startLocalSmtpServer } from '../../adapters/email/local-smtp-server';
import { startWhatsAppSimulator } from '../../adapters/messaging/simulator/server';
import { startSmsSimulator } from '../../adapters/sms/simulator/server';
import { startSocialMediaSimulator } from '../../adapters/social-media/simulator/server';
import { startTelephonySimulator } from '../../adapters/telephony/simulator/server';
import { SOCIAL_WEBHOOK_PATH } from '../../api/social-webhook.routes';
import { WHATSAPP_WEBHOOK_PATH } from '../../api/whatsapp-webhook.routes';
import { closeHttpServer, Lifecycle } from '../../platform/lifecycle';
import { createLogger } from '../../platform/logger';

function required(name: string): string {
  const value = process.env[name];
  if (!value) {
    process.stderr.write(`simulators: ${name} is required\n`);
    process.exit(1);
  }
  return value;
}

async function main(): Promise<void> {
  const logger = createLogger('simulators');
  const lifecycle = new Lifecycle(logger);
  lifecycle.exitOnSignals();
  const port = (name: string) => Number(required(name));
  const webhookBase = required('SIM_WEBHOOK_BASE');
  const journalFile = required('SIM_CORE_BANKING_JOURNAL');

  const coreBanking = await startCoreBankingSimulator({ port: port('SIM_CORE_BANKING_PORT'), journalFile, size: Number(process.env.SIM_CUSTOMERS ?? 10_000), accessToken: required('CORE_BANKING_TOKEN') });
  lifecycle.onStop('core banking', () => coreBanking.close());
  const telephony = await startTelephonySimulator({ port: port('SIM_TELEPHONY_PORT'), accessToken: required('TELEPHONY_TOKEN') });
  telephony.control.setQueue(process.env.CALLBACK_QUEUE ?? 'direktberatung', { agentsAvailable: 2, answerAfterMs: 2000 });
  lifecycle.onStop('telephony', () => telephony.close());
  const whatsapp = await startWhatsAppSimulator({
    port: port('SIM_WHATSAPP_PORT'),
    accessToken: required('WHATSAPP_ACCESS_TOKEN'),
    phoneNumberId: process.env.WHATSAPP_PHONE_NUMBER_ID ?? '100000000000001',
    appSecret: required('WHATSAPP_APP_SECRET'),
  });
  whatsapp.control.setWebhookUrl(`${webhookBase}${WHATSAPP_WEBHOOK_PATH}`);
  lifecycle.onStop('whatsapp', () => whatsapp.close());
  const social = await startSocialMediaSimulator({ port: port('SIM_SOCIAL_MEDIA_PORT'), accessToken: required('SOCIAL_MEDIA_ACCESS_TOKEN'), webhookSecret: required('SOCIAL_WEBHOOK_SECRET') });
  social.control.setWebhookUrl(`${webhookBase}${SOCIAL_WEBHOOK_PATH}`);
  lifecycle.onStop('social media', () => social.close());
  const sms = await startSmsSimulator({ port: port('SIM_SMS_PORT'), accessToken: required('SMS_ACCESS_TOKEN') });
  lifecycle.onStop('sms', () => sms.close());
  const smtp = await startLocalSmtpServer({ port: port('SIM_SMTP_PORT'), capacity: 100_000 });
  lifecycle.onStop('smtp', () => smtp.close());

  const control = express();
  control.get('/emails', (_req, res) => {
    res.json(smtp.messages().map((mail) => ({ messageId: mail.messageId, to: mail.to, subject: mail.subject })));
  });
  control.get('/core-banking/journal', (_req, res) => {
    res.json({ file: journalFile });
  });
  const server = control.listen(port('SIM_CONTROL_PORT'), '127.0.0.1');
  await new Promise((resolve) => server.once('listening', resolve));
  lifecycle.onStop('control', () => closeHttpServer(server));
  logger.info('simulators running', { coreBanking: coreBanking.url, telephony: telephony.url, whatsapp: whatsapp.url, social: social.url, sms: sms.url, smtp: smtp.url });
}

void main();
