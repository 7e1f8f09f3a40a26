import JSZip from 'jszip';

// Every entry gets the same date (JSZip writes it in UTC), so the same files
// give the same bytes, and the same SHA-256, whenever and wherever zipped.
const FIXED_DATE = new Date(Date.UTC(1980, 0, 1));

/**
 * A zip archive of `files` (POSIX paths, in the order given), deflated, with
 * fixed timestamps and no folder entries: the same files always give the same
 * bytes, so the marketplace can state the archive's SHA-256.
 */
export async function zipFiles(
  files: ReadonlyMap<string, Uint8Array | string>,
): Promise<Buffer> {
  const zip = new JSZip();
  for (const [path, content] of files) {
    zip.file(path, content, {
      date: FIXED_DATE,
      createFolders: false,
      unixPermissions: 0o100644,
    });
  }
  return zip.generateAsync({
    type: 'nodebuffer',
    compression: 'DEFLATE',
    platform: 'UNIX',
  });
}
