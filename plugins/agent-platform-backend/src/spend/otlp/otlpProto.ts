// Copyright 2019, OpenTelemetry Authors
//
// Licensed under the Apache License, Version 2.0 (the "License");
// you may not use this file except in compliance with the License.
// You may obtain a copy of the License at
//
//     http://www.apache.org/licenses/LICENSE-2.0
//
// Unless required by applicable law or agreed to in writing, software
// distributed under the License is distributed on an "AS IS" BASIS,
// WITHOUT WARRANTIES OR CONDITIONS OF ANY KIND, either express or implied.
// See the License for the specific language governing permissions and
// limitations under the License.

// Vendored from https://github.com/open-telemetry/opentelemetry-proto at
// commit ac2c4b5d1f3a6079de62f9afec860158ecc8af09: the .proto files an OTLP/HTTP metrics receiver needs
// (common, resource, metrics, collector/metrics), with comments, options and
// the service definition left out. Field names and numbers are unchanged.

/**
 * The OTLP metrics protocol definitions, one source per .proto file, in
 * import order.
 *
 * @internal
 */
export const OTLP_METRICS_PROTO_SOURCES: string[] = [
  // opentelemetry/proto/common/v1/common.proto
  "syntax = \"proto3\";\npackage opentelemetry.proto.common.v1;\nmessage AnyValue {\n  oneof value {\n    string string_value = 1;\n    bool bool_value = 2;\n    int64 int_value = 3;\n    double double_value = 4;\n    ArrayValue array_value = 5;\n    KeyValueList kvlist_value = 6;\n    bytes bytes_value = 7;\n    int32 string_value_strindex = 8;\n  }\n}\nmessage ArrayValue {\n  repeated AnyValue values = 1;\n}\nmessage KeyValueList {\n  repeated KeyValue values = 1;\n}\nmessage KeyValue {\n  string key = 1;\n  AnyValue value = 2;\n  int32 key_strindex = 3;\n}\nmessage InstrumentationScope {\n  string name = 1;\n  string version = 2;\n  repeated KeyValue attributes = 3;\n  uint32 dropped_attributes_count = 4;\n}\nmessage EntityRef {\n  string schema_url = 1;\n  string type = 2;\n  repeated string id_keys = 3;\n  repeated string description_keys = 4;\n}",
  // opentelemetry/proto/resource/v1/resource.proto
  "syntax = \"proto3\";\npackage opentelemetry.proto.resource.v1;\nimport \"opentelemetry/proto/common/v1/common.proto\";\nmessage Resource {\n  repeated opentelemetry.proto.common.v1.KeyValue attributes = 1;\n  uint32 dropped_attributes_count = 2;\n  repeated opentelemetry.proto.common.v1.EntityRef entity_refs = 3;\n}",
  // opentelemetry/proto/metrics/v1/metrics.proto
  "syntax = \"proto3\";\npackage opentelemetry.proto.metrics.v1;\nimport \"opentelemetry/proto/common/v1/common.proto\";\nimport \"opentelemetry/proto/resource/v1/resource.proto\";\nmessage MetricsData {\n  repeated ResourceMetrics resource_metrics = 1;\n}\nmessage ResourceMetrics {\n  reserved 1000;\n  opentelemetry.proto.resource.v1.Resource resource = 1;\n  repeated ScopeMetrics scope_metrics = 2;\n  string schema_url = 3;\n}\nmessage ScopeMetrics {\n  opentelemetry.proto.common.v1.InstrumentationScope scope = 1;\n  repeated Metric metrics = 2;\n  string schema_url = 3;\n}\nmessage Metric {\n  reserved 4, 6, 8;\n  string name = 1;\n  string description = 2;\n  string unit = 3;\n  oneof data {\n    Gauge gauge = 5;\n    Sum sum = 7;\n    Histogram histogram = 9;\n    ExponentialHistogram exponential_histogram = 10;\n    Summary summary = 11;\n  }\n  repeated opentelemetry.proto.common.v1.KeyValue metadata = 12;\n}\nmessage Gauge {\n  repeated NumberDataPoint data_points = 1;\n}\nmessage Sum {\n  repeated NumberDataPoint data_points = 1;\n  AggregationTemporality aggregation_temporality = 2;\n  bool is_monotonic = 3;\n}\nmessage Histogram {\n  repeated HistogramDataPoint data_points = 1;\n  AggregationTemporality aggregation_temporality = 2;\n}\nmessage ExponentialHistogram {\n  repeated ExponentialHistogramDataPoint data_points = 1;\n  AggregationTemporality aggregation_temporality = 2;\n}\nmessage Summary {\n  repeated SummaryDataPoint data_points = 1;\n}\nenum AggregationTemporality {\n  AGGREGATION_TEMPORALITY_UNSPECIFIED = 0;\n  AGGREGATION_TEMPORALITY_DELTA = 1;\n  AGGREGATION_TEMPORALITY_CUMULATIVE = 2;\n}\nenum DataPointFlags {\n  DATA_POINT_FLAGS_DO_NOT_USE = 0;\n  DATA_POINT_FLAGS_NO_RECORDED_VALUE_MASK = 1;\n}\nmessage NumberDataPoint {\n  reserved 1;\n  repeated opentelemetry.proto.common.v1.KeyValue attributes = 7;\n  fixed64 start_time_unix_nano = 2;\n  fixed64 time_unix_nano = 3;\n  oneof value {\n    double as_double = 4;\n    sfixed64 as_int = 6;\n  }\n  repeated Exemplar exemplars = 5;\n  uint32 flags = 8;\n}\nmessage HistogramDataPoint {\n  reserved 1;\n  repeated opentelemetry.proto.common.v1.KeyValue attributes = 9;\n  fixed64 start_time_unix_nano = 2;\n  fixed64 time_unix_nano = 3;\n  fixed64 count = 4;\n  optional double sum = 5;\n  repeated fixed64 bucket_counts = 6;\n  repeated double explicit_bounds = 7;\n  repeated Exemplar exemplars = 8;\n  uint32 flags = 10;\n  optional double min = 11;\n  optional double max = 12;\n}\nmessage ExponentialHistogramDataPoint {\n  repeated opentelemetry.proto.common.v1.KeyValue attributes = 1;\n  fixed64 start_time_unix_nano = 2;\n  fixed64 time_unix_nano = 3;\n  fixed64 count = 4;\n  optional double sum = 5;\n  sint32 scale = 6;\n  fixed64 zero_count = 7;\n  Buckets positive = 8;\n  Buckets negative = 9;\n  message Buckets {\n    sint32 offset = 1;\n    repeated uint64 bucket_counts = 2;\n  }\n  uint32 flags = 10;\n  repeated Exemplar exemplars = 11;\n  optional double min = 12;\n  optional double max = 13;\n  double zero_threshold = 14;\n}\nmessage SummaryDataPoint {\n  reserved 1;\n  repeated opentelemetry.proto.common.v1.KeyValue attributes = 7;\n  fixed64 start_time_unix_nano = 2;\n  fixed64 time_unix_nano = 3;\n  fixed64 count = 4;\n  double sum = 5;\n  message ValueAtQuantile {\n    double quantile = 1;\n    double value = 2;\n  }\n  repeated ValueAtQuantile quantile_values = 6;\n  uint32 flags = 8;\n}\nmessage Exemplar {\n  reserved 1;\n  repeated opentelemetry.proto.common.v1.KeyValue filtered_attributes = 7;\n  fixed64 time_unix_nano = 2;\n  oneof value {\n    double as_double = 3;\n    sfixed64 as_int = 6;\n  }\n  bytes span_id = 4;\n  bytes trace_id = 5;\n}",
  // opentelemetry/proto/collector/metrics/v1/metrics_service.proto
  "syntax = \"proto3\";\npackage opentelemetry.proto.collector.metrics.v1;\nimport \"opentelemetry/proto/metrics/v1/metrics.proto\";\nmessage ExportMetricsServiceRequest {\n  repeated opentelemetry.proto.metrics.v1.ResourceMetrics resource_metrics = 1;\n}\nmessage ExportMetricsServiceResponse {\n  ExportMetricsPartialSuccess partial_success = 1;\n}\nmessage ExportMetricsPartialSuccess {\n  int64 rejected_data_points = 1;\n  string error_message = 2;\n}",
];
