// Reads an Arrow IPC stream file with the reference JavaScript implementation (npm
// apache-arrow) and prints what it sees as JSON:
//   {"schema": [{"name", "type", "nullable"}], "rows": N, "columns": {"name": [values...]}}
// Values are taken from the raw buffers so nothing is rounded: 64-bit integers, times,
// timestamps and durations as decimal strings, decimals as exact text with their scale,
// binary as base64, NaN/Infinity as strings, lists as arrays, structs and maps as objects,
// intervals as [months] / [days, ms] / [months, days, "nanos"].
// Usage: node check_ipc.mjs FILE
import { readFileSync } from 'node:fs';
import { makeVector, tableFromIPC, Type } from 'apache-arrow';

function base64(bytes) {
  return Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).toString('base64');
}

// The j-th 64-bit integer of a values array (BigInt64Array, or pairs of 32-bit words).
function int64At(values, j, signed = true) {
  if (typeof values[0] === 'bigint' || values instanceof BigInt64Array || values instanceof BigUint64Array) {
    return String(values[j]);
  }
  const lo = BigInt(values[2 * j] >>> 0);
  const hi = BigInt(values[2 * j + 1] >>> 0);
  const v = (hi << 32n) | lo;
  return String(signed ? BigInt.asIntN(64, v) : v);
}

function decimalText(data, j) {
  const { bitWidth, scale } = data.type;
  const words = bitWidth / 32;
  const raw = new Uint32Array(data.values.buffer, data.values.byteOffset, data.values.length);
  let v = 0n;
  for (let w = words - 1; w >= 0; --w) v = (v << 32n) | BigInt(raw[j * words + w]);
  v = BigInt.asIntN(bitWidth, v);
  const negative = v < 0n;
  let digits = (negative ? -v : v).toString();
  if (scale > 0) {
    digits = digits.padStart(scale + 1, '0');
    digits = digits.slice(0, digits.length - scale) + '.' + digits.slice(digits.length - scale);
  } else if (scale < 0 && v !== 0n) {
    digits += '0'.repeat(-scale);
  }
  return (negative ? '-' : '') + digits;
}

function render(data, i) {
  const t = data.type;
  if (t.typeId === Type.Null || !data.getValid(i)) return null;
  const j = data.offset + i;
  switch (t.typeId) {
    case Type.Bool:
      return ((data.values[j >> 3] >> (j & 7)) & 1) === 1;
    case Type.Int:
      return t.bitWidth === 64 ? int64At(data.values, j, t.isSigned) : data.values[j];
    case Type.Float: {
      const v = makeVector(data).get(i);
      return Number.isFinite(v) ? v : String(v);
    }
    case Type.Decimal:
      return decimalText(data, j);
    case Type.Utf8:
    case Type.LargeUtf8:
      return makeVector(data).get(i);
    case Type.Binary:
    case Type.LargeBinary:
    case Type.FixedSizeBinary:
      return base64(makeVector(data).get(i));
    case Type.Date:
      return t.unit === 0 ? data.values[j] : int64At(data.values, j);
    case Type.Time:
      return t.bitWidth === 32 ? data.values[j] : int64At(data.values, j);
    case Type.Timestamp:
    case Type.Duration:
      return int64At(data.values, j);
    case Type.Interval: {
      const v = data.values;
      if (t.unit === 0) return [v[j]];
      if (t.unit === 1) return [v[2 * j], v[2 * j + 1]];
      return [v[4 * j], v[4 * j + 1], int64At(v, 2 * j + 1)];
    }
    case Type.List: {
      const out = [];
      for (let k = data.valueOffsets[j]; k < data.valueOffsets[j + 1]; ++k) {
        out.push(render(data.children[0], k));
      }
      return out;
    }
    case Type.FixedSizeList: {
      const out = [];
      for (let k = j * t.listSize; k < (j + 1) * t.listSize; ++k) out.push(render(data.children[0], k));
      return out;
    }
    case Type.Struct: {
      const out = {};
      t.children.forEach((f, c) => { out[f.name] = render(data.children[c], j); });
      return out;
    }
    case Type.Map: {
      const entries = data.children[0];
      const out = {};
      for (let k = data.valueOffsets[j]; k < data.valueOffsets[j + 1]; ++k) {
        const e = entries.offset + k;
        out[String(render(entries.children[0], e))] = render(entries.children[1], e);
      }
      return out;
    }
    default:
      throw new Error(`no rendering for type ${t}`);
  }
}

const table = tableFromIPC(readFileSync(process.argv[2]));
const result = { schema: [], rows: table.numRows, columns: {} };
table.schema.fields.forEach((field, c) => {
  result.schema.push({ name: field.name, type: String(field.type), nullable: field.nullable });
  const values = [];
  for (const data of table.getChildAt(c).data) {
    for (let i = 0; i < data.length; ++i) values.push(render(data, i));
  }
  result.columns[field.name] = values;
});
process.stdout.write(JSON.stringify(result) + '\n');
