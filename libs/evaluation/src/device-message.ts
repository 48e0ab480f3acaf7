/**
 * What a device (and so anyone holding one) is told about a kill. A kill's
 * `reason` is the responder's internal note and never leaves the control
 * plane; devices get the kill's public `deviceMessage`, or this default.
 */
export const DEFAULT_DEVICE_MESSAGE = 'Temporarily disabled by the platform for your safety.';

export const MAX_DEVICE_MESSAGE_LENGTH = 280;
