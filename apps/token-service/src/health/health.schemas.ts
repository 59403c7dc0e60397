import { ApiProperty, type ApiPropertyOptions } from '@nestjs/swagger';

/** By indicator name (eventStore, projections, configuration, ledgerIntegrity): its status and details. */
const indicators = (description: string): ApiPropertyOptions => ({
  type: 'object',
  additionalProperties: { type: 'object', required: ['status'], properties: { status: { type: 'string', enum: ['up', 'down'] } }, additionalProperties: true },
  description,
});

/** Terminus's health-check result, as both probes answer it. */
export class HealthCheckDto {
  @ApiProperty({ enum: ['ok', 'error', 'shutting_down'] }) status!: 'ok' | 'error' | 'shutting_down';
  @ApiProperty(indicators('The indicators that are up, by name')) info!: Record<string, unknown>;
  @ApiProperty(indicators('The indicators that are down, by name')) error!: Record<string, unknown>;
  @ApiProperty(indicators('Every indicator, by name: eventStore, projections, configuration, ledgerIntegrity')) details!: Record<string, unknown>;
}
