import { describe, expect, it } from 'vitest';
import { checkImageFacts, IMAGE_RULES, normaliseImageType } from '../../src/domain/image-rules.ts';

describe('normaliseImageType', () => {
  it('uses the declared content type first', () => {
    expect(normaliseImageType({ filename: 'x.bin', contentType: 'image/png' })).toBe('image/png');
    expect(normaliseImageType({ filename: 'x.bin', contentType: 'image/jpeg' })).toBe('image/jpeg');
    expect(normaliseImageType({ filename: 'x.bin', contentType: 'image/jpg' })).toBe('image/jpeg');
    expect(normaliseImageType({ filename: 'x.bin', contentType: 'IMAGE/PNG; charset=binary' })).toBe('image/png');
  });

  it('does not trust the extension when a different type is declared', () => {
    expect(normaliseImageType({ filename: 'fake.png', contentType: 'image/gif' })).toBeNull();
    expect(normaliseImageType({ filename: 'photo.jpg', contentType: 'image/webp' })).toBeNull();
  });

  it('falls back to the extension when no type is declared', () => {
    expect(normaliseImageType({ filename: 'shot.PNG', contentType: null })).toBe('image/png');
    expect(normaliseImageType({ filename: 'shot.jpg' })).toBe('image/jpeg');
    expect(normaliseImageType({ filename: 'shot.final.JPEG', contentType: '' })).toBe('image/jpeg');
    expect(normaliseImageType({ filename: 'shot.gif' })).toBeNull();
    expect(normaliseImageType({ filename: 'noext' })).toBeNull();
  });
});

describe('checkImageFacts', () => {
  const ok = { filename: 'frame.png', contentType: 'image/png', bytes: 1000, width: 1280, height: 720 };

  it('accepts a good image and one with unknown dimensions', () => {
    expect(checkImageFacts(ok)).toBeNull();
    expect(checkImageFacts({ filename: 'frame.jpg', contentType: 'image/jpeg' })).toBeNull();
    expect(checkImageFacts({ filename: 'frame.jpeg' })).toBeNull();
  });

  it('refuses other types, naming the file and the type', () => {
    expect(checkImageFacts({ ...ok, filename: 'anim.gif', contentType: 'image/gif' })).toBe('must be a JPG or PNG image (`anim.gif` is image/gif)');
    expect(checkImageFacts({ filename: 'notes.txt', contentType: null })).toBe('must be a JPG or PNG image (`notes.txt` is an unknown type)');
  });

  it('allows exactly 10 MB and refuses one byte more', () => {
    expect(IMAGE_RULES.maxBytes).toBe(10_485_760);
    expect(checkImageFacts({ ...ok, bytes: 10 * 1024 * 1024 })).toBeNull();
    expect(checkImageFacts({ ...ok, bytes: 10 * 1024 * 1024 + 1 })).toBe('must be at most 10 MB (`frame.png` is 10.0 MB)');
    expect(checkImageFacts({ ...ok, bytes: 12.34 * 1024 * 1024 })).toBe('must be at most 10 MB (`frame.png` is 12.3 MB)');
  });

  it('needs at least 300 px on each side', () => {
    expect(checkImageFacts({ ...ok, width: 300, height: 300 })).toBeNull();
    expect(checkImageFacts({ ...ok, width: 299, height: 400 })).toBe('must be at least 300 px on each side (`frame.png` is 299×400)');
    expect(checkImageFacts({ ...ok, width: 400, height: 299 })).toBe('must be at least 300 px on each side (`frame.png` is 400×299)');
  });

  it('allows an aspect ratio of exactly 2.5:1 and 1:2.5, refuses just over', () => {
    expect(checkImageFacts({ ...ok, width: 750, height: 300 })).toBeNull();
    expect(checkImageFacts({ ...ok, width: 300, height: 750 })).toBeNull();
    expect(checkImageFacts({ ...ok, width: 751, height: 300 })).toBe('must have an aspect ratio between 1:2.5 and 2.5:1 (`frame.png` is 751×300)');
    expect(checkImageFacts({ ...ok, width: 300, height: 751 })).toBe('must have an aspect ratio between 1:2.5 and 2.5:1 (`frame.png` is 300×751)');
  });

  it('checks type before size before dimensions', () => {
    expect(checkImageFacts({ filename: 'a.gif', contentType: 'image/gif', bytes: 50 * 1024 * 1024, width: 10, height: 10 })).toMatch(/^must be a JPG or PNG/);
    expect(checkImageFacts({ ...ok, bytes: 50 * 1024 * 1024, width: 10, height: 10 })).toMatch(/^must be at most 10 MB/);
  });
});
