import { Device } from '@twilio/voice-sdk';
import type { DeviceConstructor } from './twilio-sdk-port';

/**
 * The one runtime import of @twilio/voice-sdk. Kept apart so tests (and the
 * sip.js-only build paths) never load the SDK, which expects a browser. The
 * assignment is also a compile-time check that the real Device still fits the
 * subset the adapter is written against.
 */
export const TwilioDevice: DeviceConstructor = Device;
