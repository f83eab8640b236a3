// The subset of sodium-native that the engine uses (the package ships no type declarations).
declare module "sodium-native" {
  const sodium: {
    crypto_onetimeauth(out: Uint8Array, message: Uint8Array, key: Uint8Array): void;
    sodium_memcmp(a: Uint8Array, b: Uint8Array): boolean;
  };
  export default sodium;
}
