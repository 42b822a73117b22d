import { describe, expect, it } from 'vitest';
import { formatBytes, parseSize } from '../../src/shared/size.js';

const GiB = 1024 ** 3;

describe('parseSize', () => {
  it('reads a bare letter as binary units, as GPU vendors mean "24G"', () => {
    expect(parseSize('24G')).toBe(24 * GiB);
    expect(parseSize('24g')).toBe(24 * GiB);
    expect(parseSize('512M')).toBe(512 * 1024 ** 2);
    expect(parseSize('1.5T')).toBe(1.5 * 1024 * GiB);
  });

  it('distinguishes GiB from decimal GB', () => {
    expect(parseSize('16GiB')).toBe(16 * GiB);
    expect(parseSize('16 GB')).toBe(16e9);
  });

  it('takes byte counts with B, and refuses a bare number (24 is never meant as 24 bytes)', () => {
    expect(parseSize('1048576B')).toBe(1048576);
    expect(() => parseSize('24')).toThrow(/invalid size "24": give a unit, e\.g\. 24G/);
  });

  it('rejects words, empty strings, unknown units and zero with a clear message', () => {
    expect(() => parseSize('banana')).toThrow(/invalid size "banana".*e\.g\. 24G/);
    expect(() => parseSize('')).toThrow(/invalid size/);
    expect(() => parseSize('24X')).toThrow(/invalid size "24X"/);
    expect(() => parseSize('-4G')).toThrow(/invalid size/);
    expect(() => parseSize('0G')).toThrow(/greater than zero/);
  });
});

describe('formatBytes', () => {
  it('prints binary units', () => {
    expect(formatBytes(24 * GiB)).toBe('24.0 GiB');
    expect(formatBytes(512 * 1024 ** 2)).toBe('512 MiB');
    expect(formatBytes(0)).toBe('0 B');
  });
});
