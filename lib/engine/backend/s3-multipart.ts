// Multipart upload for large packs: parts go up one by one (the SDK retries each on its own),
// and a failed upload is aborted so the bucket does not keep paying for orphaned parts.
import type { S3Client } from "@aws-sdk/client-s3";
import { s3Sdk } from "./s3-sdk";

export interface MultipartUpload {
  bucket: string;
  key: string;
  bytes: Buffer;
  partSize: number;
}

export async function uploadMultipart(client: S3Client, up: MultipartUpload): Promise<void> {
  const { bucket: Bucket, key: Key } = up;
  const created = await client.send(
    new (s3Sdk().CreateMultipartUploadCommand)({ Bucket, Key, ContentType: "application/octet-stream" }),
  );
  const UploadId = created.UploadId as string;
  try {
    const parts: { ETag: string; PartNumber: number }[] = [];
    for (let offset = 0, PartNumber = 1; offset < up.bytes.length; offset += up.partSize, PartNumber++) {
      const Body = up.bytes.subarray(offset, offset + up.partSize);
      const res = await client.send(
        new (s3Sdk().UploadPartCommand)({
          Bucket,
          Key,
          UploadId,
          PartNumber,
          Body,
          ContentLength: Body.length,
        }),
      );
      parts.push({ ETag: res.ETag as string, PartNumber });
    }
    await client.send(
      new (s3Sdk().CompleteMultipartUploadCommand)({
        Bucket,
        Key,
        UploadId,
        MultipartUpload: { Parts: parts },
      }),
    );
  } catch (err) {
    await client
      .send(new (s3Sdk().AbortMultipartUploadCommand)({ Bucket, Key, UploadId }))
      .catch(() => undefined);
    throw err;
  }
}
