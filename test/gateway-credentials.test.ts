/**
 * Credentials for the bank's gateways come from configuration (CORE_BANKING_TOKEN,
 * TELEPHONY_TOKEN) and travel as `Authorization: Bearer …`: against simulators that ask for them,
 * the adapters with the token are served and those without are refused — as a permanent
 * rejection, not an outage to retry, since a wrong credential does not heal by waiting.
 */
import { HttpCoreBanking } from '../adapters/core-banking/http-core-banking';
import { startCoreBankingSimulator, type CoreBankingSimulator } from '../adapters/core-banking/simulator/server';
import { HttpTelephony } from '../adapters/telephony/http-telephony';
import { startTelephonySimulator, type TelephonySimulator } from '../adapters/telephony/simulator/server';

const TOKEN = 'gateway-credential-0123456789';
let coreBanking: CoreBankingSimulator;
let telephony: TelephonySimulator;

beforeAll(async () => {
  coreBanking = await startCoreBankingSimulator({ size: 50, accessToken: TOKEN });
  telephony = await startTelephonySimulator({ accessToken: TOKEN });
});
afterAll(async () => {
  await coreBanking.close();
  await telephony.close();
});

test('the core-banking adapter with the configured token reads a customer; without it, or with another, it is rejected', async () => {
  const customerId = coreBanking.population.customers[0]!.profile.customerId;
  await expect(new HttpCoreBanking({ baseUrl: coreBanking.url, accessToken: TOKEN }).getCustomer(customerId)).resolves.toMatchObject({ customerId });
  await expect(new HttpCoreBanking({ baseUrl: coreBanking.url }).getCustomer(customerId)).rejects.toMatchObject({ kind: 'rejected', message: expect.stringContaining('401') });
  await expect(new HttpCoreBanking({ baseUrl: coreBanking.url, accessToken: 'another-credential-000000' }).getCustomer(customerId)).rejects.toMatchObject({ kind: 'rejected' });
});

test('the CTI adapter with the configured token places a call; without it the gateway refuses', async () => {
  const call = { phoneNumber: '+4930123456', queue: 'ksc-outbound', idempotencyKey: 'credentials-1' };
  await expect(new HttpTelephony({ baseUrl: telephony.url, accessToken: TOKEN }).placeCall(call)).resolves.toMatchObject({ outcome: 'answered' });
  await expect(new HttpTelephony({ baseUrl: telephony.url }).placeCall({ ...call, idempotencyKey: 'credentials-2' })).rejects.toMatchObject({ kind: 'rejected' });
  // The refused call never reached the switch.
  expect(telephony.control.calls()).toHaveLength(1);
});
