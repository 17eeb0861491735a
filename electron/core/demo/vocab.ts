import type { Rng } from './prng';

/** Identifiers and values that make every line different, as real traffic does. */

export function clientIp(rng: Rng): string {
  return `${rng.pick(CLIENT_PREFIXES)}.${rng.int(1, 254)}.${rng.int(1, 254)}`;
}

export function podIp(rng: Rng): string {
  return `10.42.${rng.int(1, 3)}.${rng.int(2, 250)}`;
}

const CLIENT_PREFIXES = [
  '81.2',
  '86.14',
  '92.40',
  '145.53',
  '176.9',
  '188.114',
  '212.58',
  '31.17',
  '77.23',
  '5.146',
];

export const orderId = (rng: Rng): string => `ord_${rng.base36(10)}`;
export const customerId = (rng: Rng): string => `cus_${rng.digits(7)}`;
export const cartId = (rng: Rng): string => `cart_${rng.base36(12)}`;
export const paymentId = (rng: Rng): string => `pay_${rng.base36(14)}`;
export const sessionId = (rng: Rng): string => `s_${rng.base36(16)}`;
export const sku = (rng: Rng): string => `SKU-${rng.int(10000, 99999)}`;
export const pspReference = (rng: Rng): string => rng.digits(16);

export function requestId(rng: Rng): string {
  const h = rng.hex(32);
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-4${h.slice(13, 16)}-a${h.slice(17, 20)}-${h.slice(20)}`;
}

export function amount(rng: Rng): string {
  return rng.logNormal(64, 0.7).toFixed(2);
}

export const SEARCH_TERMS = [
  'running+shoes',
  'wireless+headphones',
  'rain+jacket',
  'espresso+machine',
  'yoga+mat',
  'usb-c+hub',
  'winter+boots',
  'backpack',
  'desk+lamp',
  'merino+socks',
  'kids+bike',
  'air+fryer',
  'phone+case',
  'coffee+beans',
  'gift+card',
];

export const CATEGORIES = [
  'women/shoes',
  'men/jackets',
  'home/kitchen',
  'electronics/audio',
  'sports/outdoor',
  'kids/toys',
  'home/lighting',
  'beauty/skincare',
];

export const USER_AGENTS = [
  'Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0.0.0 Safari/537.36',
  'Mozilla/5.0 (Macintosh; Intel Mac OS X 14_6) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/18.1 Safari/605.1.15',
  'Mozilla/5.0 (iPhone; CPU iPhone OS 18_1 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/18.1 Mobile/15E148 Safari/604.1',
  'Mozilla/5.0 (Linux; Android 15; Pixel 8) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0.0.0 Mobile Safari/537.36',
  'Mozilla/5.0 (X11; Linux x86_64; rv:132.0) Gecko/20100101 Firefox/132.0',
  'ShopApp/5.12.0 (iOS 18.1; iPhone15,2)',
  'ShopApp/5.12.0 (Android 14; SM-S918B)',
];

export const DECLINE_REASONS = [
  'insufficient_funds',
  'card_expired',
  'do_not_honor',
  'suspected_fraud',
  '3ds_failed',
];
