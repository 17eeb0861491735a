import { safeStorage } from 'electron';
import { FileSecretStore, secretsFileFor, type SecretCodec } from '../core/ingest/secrets';

/** Source credentials sealed with the OS keychain (Keychain, DPAPI, libsecret) before they touch disk. */
const keychainCodec: SecretCodec = {
  seal: (plain) => safeStorage.encryptString(plain).toString('base64'),
  open: (sealed) => safeStorage.decryptString(Buffer.from(sealed, 'base64')),
};

/** Without a keychain (a bare Linux session) the values stay in the owner-only file, as headless. */
export function keychainSecretStore(workspacePath: string): FileSecretStore {
  const file = secretsFileFor(workspacePath);
  return safeStorage.isEncryptionAvailable()
    ? new FileSecretStore(file, keychainCodec)
    : new FileSecretStore(file);
}
