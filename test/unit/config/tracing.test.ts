import { describe, expect, it } from 'vitest';
import { loadConfig } from '../../../src/config/config.js';

const endpoint = 'http://collector:4318';

describe('tracing configuration (OTEL_*)', () => {
  it('is off without an endpoint, and an empty endpoint counts as none', () => {
    expect(loadConfig({}).tracing).toBeUndefined();
    expect(loadConfig({ OTEL_EXPORTER_OTLP_ENDPOINT: '', OTEL_SERVICE_NAME: 'x' }).tracing).toBeUndefined();
  });

  it('is on with OTEL_EXPORTER_OTLP_ENDPOINT or the traces-only endpoint, as service vroegsignaal unless named otherwise', () => {
    expect(loadConfig({ OTEL_EXPORTER_OTLP_ENDPOINT: endpoint }).tracing).toEqual({ serviceName: 'vroegsignaal' });
    expect(loadConfig({ OTEL_EXPORTER_OTLP_TRACES_ENDPOINT: `${endpoint}/v1/traces` }).tracing).toEqual({ serviceName: 'vroegsignaal' });
    expect(loadConfig({ OTEL_EXPORTER_OTLP_ENDPOINT: endpoint, OTEL_SERVICE_NAME: 'vroegsignaal-acc' }).tracing).toEqual({ serviceName: 'vroegsignaal-acc' });
    // A service.name in the resource attributes is left to the SDK, which reads it from there.
    expect(loadConfig({ OTEL_EXPORTER_OTLP_ENDPOINT: endpoint, OTEL_RESOURCE_ATTRIBUTES: 'deployment.environment=acc,service.name=vs-acc' }).tracing).toEqual({ serviceName: undefined });
  });

  it('stays off when the SDK is switched off by its own variables', () => {
    expect(loadConfig({ OTEL_EXPORTER_OTLP_ENDPOINT: endpoint, OTEL_SDK_DISABLED: 'true' }).tracing).toBeUndefined();
    expect(loadConfig({ OTEL_EXPORTER_OTLP_ENDPOINT: endpoint, OTEL_TRACES_EXPORTER: 'none' }).tracing).toBeUndefined();
    expect(loadConfig({ OTEL_EXPORTER_OTLP_ENDPOINT: endpoint, OTEL_SDK_DISABLED: 'false' }).tracing).toBeDefined();
  });

  it('refuses an endpoint that is no URL, naming the setting', () => {
    expect(() => loadConfig({ OTEL_EXPORTER_OTLP_ENDPOINT: 'collector:4318 ' })).toThrow(/OTEL_EXPORTER_OTLP_ENDPOINT/);
  });
});
