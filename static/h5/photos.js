// Photos for a case: downscaled in the browser before upload (a phone's 12 MP photo
// becomes a few hundred KB), and kept in IndexedDB with the draft so that a reload
// loses nothing.

const MAX_SIDE = 1600;
const KEEP_BYTES = 1.5 * 1024 * 1024;
const QUALITY = 0.85;

async function decode(file) {
  try {
    return await createImageBitmap(file, { imageOrientation: "from-image" });
  } catch {
    // Older WebViews: no options, or no createImageBitmap for this file.
  }
  const url = URL.createObjectURL(file);
  try {
    const img = new Image();
    img.src = url;
    await img.decode();
    return img;
  } finally {
    URL.revokeObjectURL(url);
  }
}

/** {blob, name, width, height}; throws Error with a Chinese message. */
export async function downscale(file) {
  let image;
  try {
    image = await decode(file);
  } catch {
    throw new Error(`${file.name}：无法读取这张图片，请选择 JPEG、PNG 或 WebP 照片。`);
  }
  const width = image.naturalWidth || image.width;
  const height = image.naturalHeight || image.height;
  const scale = Math.min(1, MAX_SIDE / Math.max(width, height));
  if (scale === 1 && file.size <= KEEP_BYTES && /^image\/(jpeg|png|webp)$/.test(file.type)) {
    image.close && image.close();
    return { blob: file, name: file.name, width, height };
  }
  const canvas = document.createElement("canvas");
  canvas.width = Math.round(width * scale);
  canvas.height = Math.round(height * scale);
  const context = canvas.getContext("2d");
  context.fillStyle = "#fff"; // transparent PNG areas would turn black in a JPEG
  context.fillRect(0, 0, canvas.width, canvas.height);
  context.drawImage(image, 0, 0, canvas.width, canvas.height);
  image.close && image.close();
  const blob = await new Promise((resolve) => canvas.toBlob(resolve, "image/jpeg", QUALITY));
  if (!blob) throw new Error(`${file.name}：图片处理失败，请换一张照片。`);
  const name = `${(file.name || "photo").replace(/\.[^.]+$/, "")}.jpg`;
  return { blob, name, width: canvas.width, height: canvas.height };
}

// IndexedDB: one record per kind of case, {kind, photos: [{blob, name, width, height}]}.
const DB_NAME = "wzw-drafts";
const STORE = "photos";

function openDb() {
  return new Promise((resolve, reject) => {
    const request = indexedDB.open(DB_NAME, 1);
    request.onupgradeneeded = () => request.result.createObjectStore(STORE, { keyPath: "kind" });
    request.onsuccess = () => resolve(request.result);
    request.onerror = () => reject(request.error);
  });
}

async function transact(mode, work) {
  const db = await openDb();
  try {
    return await new Promise((resolve, reject) => {
      const tx = db.transaction(STORE, mode);
      const result = work(tx.objectStore(STORE));
      tx.oncomplete = () => resolve(result.result);
      tx.onerror = tx.onabort = () => reject(tx.error);
    });
  } finally {
    db.close();
  }
}

export async function loadPhotos(kind) {
  try {
    const record = await transact("readonly", (store) => store.get(kind));
    return record ? record.photos : [];
  } catch {
    return [];
  }
}

export async function savePhotos(kind, photos) {
  try {
    await transact("readwrite", (store) => store.put({ kind, photos: photos.map(({ blob, name, width, height }) => ({ blob, name, width, height })) }));
  } catch {
    // No IndexedDB (private mode): the photos live as long as the page.
  }
}

export function clearPhotos(kind) {
  return transact("readwrite", (store) => store.delete(kind)).catch(() => {});
}
