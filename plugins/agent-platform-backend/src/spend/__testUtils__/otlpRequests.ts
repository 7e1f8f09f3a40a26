/**
 * An OTLP/JSON export request with one delta `claude_code.cost.usage` point
 * (start and end at `timeMs`), from a resource with the given attributes,
 * as Claude Code's exporter sends it. Test helper.
 */
export function deltaCostRequest(options: {
  resource: Record<string, string>;
  value: number;
  timeMs: number;
  /** Attributes of the data point; none when absent. */
  attributes?: Record<string, string>;
}) {
  const ns = `${options.timeMs}000000`;
  const attributes = (record: Record<string, string>) =>
    Object.entries(record).map(([key, value]) => ({
      key,
      value: { stringValue: value },
    }));
  return {
    resourceMetrics: [
      {
        resource: { attributes: attributes(options.resource) },
        scopeMetrics: [
          {
            metrics: [
              {
                name: 'claude_code.cost.usage',
                sum: {
                  aggregationTemporality: 1,
                  dataPoints: [
                    {
                      startTimeUnixNano: ns,
                      timeUnixNano: ns,
                      asDouble: options.value,
                      ...(options.attributes
                        ? { attributes: attributes(options.attributes) }
                        : {}),
                    },
                  ],
                },
              },
            ],
          },
        ],
      },
    ],
  };
}
