import type { AudioHelper, Call, Device, TwilioError as TwilioErrors } from '@twilio/voice-sdk';

/**
 * The part of @twilio/voice-sdk the adapter uses, as types only (no runtime
 * import: the SDK touches browser globals when it loads, so tests never load
 * it). Everything here is derived from the SDK's own typings: methods are
 * `Pick`ed from Device, Call and AudioHelper, and every event's listener is
 * the SDK's documented `xxxEvent` signature with its Call/Device arguments
 * swapped for these subsets. If the SDK renames a method or changes a payload,
 * this file, the factory (twilio-device.ts, which assigns the real Device to
 * DeviceConstructor) and the contract-test fakes stop compiling.
 */

export type SdkAudio = Pick<AudioHelper, 'setInputDevice' | 'unsetInputDevice' | 'incoming' | 'outgoing' | 'disconnect'>;

/** The Call subset: lifecycle, mute, DTMF, and what Twilio told us about the call. */
export type SdkCall = Pick<Call, 'accept' | 'disconnect' | 'reject' | 'ignore' | 'mute' | 'isMuted' | 'sendDigits' | 'customParameters' | 'parameters' | 'callerInfo'> & {
  on<K extends keyof CallEventMap>(event: K, listener: CallEventMap[K]): unknown;
  removeAllListeners(): unknown;
};

export type SdkDevice = Pick<Device, 'register' | 'unregister' | 'updateToken' | 'destroy'> & {
  /** Real Device.connect resolves with a Call, which is an SdkCall. */
  connect(options?: Device.ConnectOptions): Promise<SdkCall>;
  readonly audio: SdkAudio | null;
  on<K extends keyof DeviceEventMap>(event: K, listener: DeviceEventMap[K]): unknown;
};

export type DeviceConstructor = new (token: string, options?: Device.Options) => SdkDevice;
export type DeviceOptions = Device.Options;

type Swap<T> = T extends Call ? SdkCall : T extends Device ? SdkDevice : T;
type SwapArgs<P extends unknown[]> = { [K in keyof P]: Swap<P[K]> };
type Listener<F extends (...args: never[]) => void> = (...args: SwapArgs<Parameters<F>>) => void;

/** Event names are checked against Device.EventName below. */
export type DeviceEventMap = {
  registering: Listener<typeof Device.registeringEvent>;
  registered: Listener<typeof Device.registeredEvent>;
  unregistered: Listener<typeof Device.unregisteredEvent>;
  error: Listener<typeof Device.errorEvent>;
  incoming: Listener<typeof Device.incomingEvent>;
  tokenWillExpire: Listener<typeof Device.tokenWillExpireEvent>;
};
type DeviceEventNamesExist = keyof DeviceEventMap extends `${Device.EventName}` ? true : never;
export const DEVICE_EVENT_NAMES_CHECKED: DeviceEventNamesExist = true;

/**
 * Call has no EventName enum; each key sits next to the SDK's documented
 * `<name>Event` function it mirrors ('warning-cleared' is warningClearedEvent).
 */
export type CallEventMap = {
  accept: Listener<typeof Call.acceptEvent>;
  ringing: Listener<typeof Call.ringingEvent>;
  cancel: Listener<typeof Call.cancelEvent>;
  reject: Listener<typeof Call.rejectEvent>;
  disconnect: Listener<typeof Call.disconnectEvent>;
  error: Listener<typeof Call.errorEvent>;
  mute: Listener<typeof Call.muteEvent>;
  reconnecting: Listener<typeof Call.reconnectingEvent>;
  reconnected: Listener<typeof Call.reconnectedEvent>;
  sample: Listener<typeof Call.sampleEvent>;
  warning: Listener<typeof Call.warningEvent>;
  'warning-cleared': Listener<typeof Call.warningClearedEvent>;
};

export type { RTCSample, RTCSampleTotals, RTCWarning } from '@twilio/voice-sdk';
export type TwilioError = TwilioErrors.TwilioError;
