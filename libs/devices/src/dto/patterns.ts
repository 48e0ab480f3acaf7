/** Shapes of identifiers shared by the device and catalogue routes. */
export const SLUG = /^[a-z0-9][a-z0-9-]{0,62}$/;
export const SLUG_RULE = 'lowercase letters, digits and -, at most 63, starting with a letter or digit';
export const INTEGRATION_KEY = /^[a-z0-9][a-z0-9-]{0,62}\.[a-z0-9][a-z0-9-]{0,62}$/;
export const INTEGRATION_KEY_RULE = 'vendor.capability, e.g. xiaomi.camera-stream';
/** Firmware versions: segments separated by . _ or -, e.g. 3.5.1_00.66. */
export const VERSION = /^[A-Za-z0-9]+([._-][A-Za-z0-9]+){0,31}$/;
export const VERSION_RULE = 'a version such as 3.5.1_00.66: letters and digits separated by . _ or -, at most 128 characters';
export const LABEL = /^[A-Za-z0-9._-]{1,64}$/;
export const LABEL_RULE = '1-64 letters, digits, . _ or -';
export const MAX_INVENTORY_ITEMS = 64;
/** The platform's own device identifier: printable ASCII, no space at either end. */
export const EXTERNAL_ID = /^[!-~](?:[ -~]{0,126}[!-~])?$/;
export const EXTERNAL_ID_RULE = '1-128 printable ASCII characters, no space at either end';
