// Multipart upload for large packs: parts go up one by one (each retried on its own), and a
// failed upload is aborted so the bucket does not keep paying for orphaned parts.
import {
  AbortMultipartUploadCommand,
  CompleteMultipartUploadCommand,
  CreateMultipartUploadCommand,
  type S3Client,
  UploadPartCommand,
} from "@aws-sdk/client-s3";
import { type RetryOptions, withRetry } from "./s3-retry";

export interface MultipartUpload {
  bucket: string;
  key: string;
  bytes: Buffer;
  partSize: number;
  retry: RetryOptions;
}

export async function uploadMultipart(client: S3Client, up: MultipartUpload): Promise<void> {
  const { bucket: Bucket, key: Key } = up;
  const created = await withRetry(
    `start upload of ${Key}`,
    () => client.send(new CreateMultipartUploadCommand({ Bucket, Key, ContentType: "application/octet-stream" })),
    up.retry,
  );
  const UploadId = created.UploadId as string;
  try {
    const parts: { ETag: string; PartNumber: number }[] = [];
    for (let offset = 0, PartNumber = 1; offset < up.bytes.length; offset += up.partSize, PartNumber++) {
      const Body = up.bytes.subarray(offset, offset + up.partSize);
      const res = await withRetry(
        `upload part ${PartNumber} of ${Key}`,
        () => client.send(new UploadPartCommand({ Bucket, Key, UploadId, PartNumber, Body, ContentLength: Body.length })),
        up.retry,
      );
      parts.push({ ETag: res.ETag as string, PartNumber });
    }
    await withRetry(
      `complete upload of ${Key}`,
      () => client.send(new CompleteMultipartUploadCommand({ Bucket, Key, UploadId, MultipartUpload: { Parts: parts } })),
      up.retry,
    );
  } catch (err) {
    await client.send(new AbortMultipartUploadCommand({ Bucket, Key, UploadId })).catch(() => undefined);
    throw err;
  }
}
