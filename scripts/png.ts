/**
 * Just enough of PNG to check what the listing ships: the header (size, colour
 * type) and, for 8-bit RGB or RGBA without interlacing (what Chromium writes),
 * the pixels.
 */
import { inflateSync } from 'node:zlib'

const SIGNATURE = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a])

export interface PngHeader {
  width: number
  height: number
  bitDepth: number
  /** 0 grey, 2 RGB, 3 palette, 4 grey + alpha, 6 RGBA */
  colorType: number
  interlace: number
}

/** The IHDR of a PNG file; throws when `data` is not one. */
export function pngHeader(data: Uint8Array): PngHeader {
  const buf = Buffer.from(data.buffer, data.byteOffset, data.byteLength)
  if (buf.length < 33 || !buf.subarray(0, 8).equals(SIGNATURE)) throw new Error('not a PNG file (no PNG signature)')
  if (buf.toString('latin1', 12, 16) !== 'IHDR') throw new Error('not a PNG file (IHDR is not the first chunk)')
  return { width: buf.readUInt32BE(16), height: buf.readUInt32BE(20), bitDepth: buf[24]!, colorType: buf[25]!, interlace: buf[28]! }
}

export interface PngPixels extends PngHeader {
  /** RGBA, 4 bytes a pixel, row after row (alpha 255 where the file has none) */
  rgba: Uint8Array
}

function paeth(a: number, b: number, c: number): number {
  const p = a + b - c
  const pa = Math.abs(p - a)
  const pb = Math.abs(p - b)
  const pc = Math.abs(p - c)
  return pa <= pb && pa <= pc ? a : pb <= pc ? b : c
}

/** Decode an 8-bit RGB or RGBA PNG without interlacing. */
export function decodePng(data: Uint8Array): PngPixels {
  const header = pngHeader(data)
  const { width, height, bitDepth, colorType, interlace } = header
  if (bitDepth !== 8 || (colorType !== 2 && colorType !== 6) || interlace !== 0) {
    throw new Error(`only 8-bit RGB/RGBA PNGs without interlacing are read here (bit depth ${bitDepth}, colour type ${colorType}, interlace ${interlace})`)
  }
  const buf = Buffer.from(data.buffer, data.byteOffset, data.byteLength)
  const idat: Buffer[] = []
  for (let at = 8; at + 8 <= buf.length;) {
    const length = buf.readUInt32BE(at)
    const type = buf.toString('latin1', at + 4, at + 8)
    if (type === 'IDAT') idat.push(buf.subarray(at + 8, at + 8 + length))
    if (type === 'IEND') break
    at += 12 + length
  }
  const raw = inflateSync(Buffer.concat(idat))
  const bpp = colorType === 6 ? 4 : 3
  const stride = width * bpp
  if (raw.length !== height * (stride + 1)) throw new Error(`PNG data is ${raw.length} bytes, expected ${height * (stride + 1)}`)
  const rows = new Uint8Array(height * stride)
  for (let y = 0; y < height; y++) {
    const filter = raw[y * (stride + 1)]!
    const src = y * (stride + 1) + 1
    const row = y * stride
    if (filter > 4) throw new Error(`unknown PNG filter ${filter} in row ${y}`)
    for (let x = 0; x < stride; x++) {
      const a = x >= bpp ? rows[row + x - bpp]! : 0
      const b = y > 0 ? rows[row - stride + x]! : 0
      const c = x >= bpp && y > 0 ? rows[row - stride + x - bpp]! : 0
      const v = raw[src + x]!
      rows[row + x] = (filter === 0 ? v
        : filter === 1 ? v + a
          : filter === 2 ? v + b
            : filter === 3 ? v + ((a + b) >> 1)
              : v + paeth(a, b, c)) & 0xff
    }
  }
  if (bpp === 4) return { ...header, rgba: rows }
  const rgba = new Uint8Array(width * height * 4)
  for (let i = 0, j = 0; i < rows.length; i += 3, j += 4) {
    rgba[j] = rows[i]!
    rgba[j + 1] = rows[i + 1]!
    rgba[j + 2] = rows[i + 2]!
    rgba[j + 3] = 255
  }
  return { ...header, rgba }
}

/** The [r, g, b, a] of the pixel at (x, y). */
export function pixel(png: PngPixels, x: number, y: number): [number, number, number, number] {
  const i = (y * png.width + x) * 4
  return [png.rgba[i]!, png.rgba[i + 1]!, png.rgba[i + 2]!, png.rgba[i + 3]!]
}
