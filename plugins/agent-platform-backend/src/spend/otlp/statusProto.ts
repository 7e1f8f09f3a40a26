// Copyright 2025 Google LLC (google/rpc/status.proto) and Google Inc.
// (google/protobuf/any.proto). google/rpc/status.proto is licensed under the
// Apache License, Version 2.0; google/protobuf/any.proto under the BSD
// 3-Clause License (see https://github.com/protocolbuffers/protobuf).

// Vendored from https://github.com/googleapis/googleapis (google/rpc) and
// https://github.com/protocolbuffers/protobuf (src/google/protobuf), with
// comments and options left out. Field names and numbers are unchanged.

/**
 * `google.rpc.Status`, the body of every OTLP/HTTP error response, and the
 * `google.protobuf.Any` it imports, one source per .proto file, in import
 * order.
 *
 * @internal
 */
export const RPC_STATUS_PROTO_SOURCES: string[] = [
  // google/protobuf/any.proto
  'syntax = "proto3";\npackage google.protobuf;\nmessage Any {\n  string type_url = 1;\n  bytes value = 2;\n}',
  // google/rpc/status.proto
  'syntax = "proto3";\npackage google.rpc;\nimport "google/protobuf/any.proto";\nmessage Status {\n  int32 code = 1;\n  string message = 2;\n  repeated google.protobuf.Any details = 3;\n}',
];
