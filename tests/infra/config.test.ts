import { App } from 'aws-cdk-lib';
import { describe, expect, it } from 'vitest';
import { DeployConfigError, parseDeployConfig } from '../../infra/config';
import { buildTendApp } from '../../infra/tend-app';

describe('deploy configuration (CDK context)', () => {
  it.each([
    [
      'the two required keys, with defaults for the rest',
      { inboundDomain: 'in.example.com', fromAddress: 'tend@example.com' },
      {
        inboundDomain: 'in.example.com',
        fromAddress: 'tend@example.com',
        rawMailRetentionDays: 90,
        fromIdentity: 'domain',
        inboundIdentity: 'domain',
        // Opt-in (issue 11): a new account's concurrency quota of 10 or 50 cannot reserve 6.
        reservedConcurrency: false,
        replaceActiveRuleSet: false,
      },
    ],
    [
      'values as -c passes them: strings, mixed case',
      {
        inboundDomain: 'In.Example.COM',
        fromAddress: 'Tend@Example.com',
        alarmEmail: 'ops@example.com',
        rawMailRetentionDays: '30',
        fromIdentity: 'address',
        inboundIdentity: 'existing',
        reservedConcurrency: 'true',
        replaceActiveRuleSet: 'true',
      },
      {
        inboundDomain: 'in.example.com',
        fromAddress: 'tend@example.com',
        alarmEmail: 'ops@example.com',
        rawMailRetentionDays: 30,
        fromIdentity: 'address',
        inboundIdentity: 'existing',
        reservedConcurrency: true,
        replaceActiveRuleSet: true,
      },
    ],
    [
      'typed values from cdk.json',
      {
        inboundDomain: 'tend.example.org',
        fromAddress: 'tend@tend.example.org',
        rawMailRetentionDays: 365,
        reservedConcurrency: false,
      },
      { inboundDomain: 'tend.example.org', rawMailRetentionDays: 365, reservedConcurrency: false },
    ],
  ])('accepts %s', (_name, raw, expected) => {
    expect(parseDeployConfig(raw)).toMatchObject(expected);
  });

  it.each([
    ['nothing at all', {}, /missing CDK context: inboundDomain, fromAddress/],
    ['no fromAddress', { inboundDomain: 'in.example.com' }, /missing CDK context: fromAddress\b/],
    [
      'no inboundDomain',
      { fromAddress: 'tend@example.com' },
      /missing CDK context: inboundDomain\b/,
    ],
    [
      'a From that is not an address',
      { inboundDomain: 'in.example.com', fromAddress: 'tend' },
      /invalid CDK context: fromAddress/,
    ],
    [
      'a domain with a scheme',
      { inboundDomain: 'https://in.example.com', fromAddress: 'tend@example.com' },
      /invalid CDK context: inboundDomain/,
    ],
    [
      'a single-label domain',
      { inboundDomain: 'localhost', fromAddress: 'tend@example.com' },
      /invalid CDK context: inboundDomain/,
    ],
    [
      'a bad alarm address',
      {
        ...{ inboundDomain: 'in.example.com', fromAddress: 'tend@example.com' },
        alarmEmail: 'ops',
      },
      /invalid CDK context: alarmEmail/,
    ],
    [
      'a zero retention',
      {
        inboundDomain: 'in.example.com',
        fromAddress: 'tend@example.com',
        rawMailRetentionDays: '0',
      },
      /invalid CDK context: rawMailRetentionDays/,
    ],
    [
      'an unknown identity mode',
      { inboundDomain: 'in.example.com', fromAddress: 'tend@example.com', fromIdentity: 'dns' },
      /invalid CDK context: fromIdentity/,
    ],
    [
      'an unknown inbound identity mode',
      {
        inboundDomain: 'in.example.com',
        fromAddress: 'tend@example.com',
        inboundIdentity: 'address',
      },
      /invalid CDK context: inboundIdentity/,
    ],
    [
      'a non-boolean override',
      {
        inboundDomain: 'in.example.com',
        fromAddress: 'tend@example.com',
        replaceActiveRuleSet: 'yes',
      },
      /invalid CDK context: replaceActiveRuleSet/,
    ],
    [
      'a non-boolean flag',
      {
        inboundDomain: 'in.example.com',
        fromAddress: 'tend@example.com',
        reservedConcurrency: 'maybe',
      },
      /invalid CDK context: reservedConcurrency/,
    ],
  ])('rejects %s, naming the key', (_name, raw, message) => {
    expect(() => parseDeployConfig(raw)).toThrow(DeployConfigError);
    expect(() => parseDeployConfig(raw)).toThrow(message);
  });

  it('tells how to pass the missing values', () => {
    expect(() => parseDeployConfig({})).toThrow(
      /-c inboundDomain=in\.example\.com -c fromAddress=tend@example\.com/,
    );
  });

  it('stops the app before any stack is built when context is missing', () => {
    const app = new App({ context: { inboundDomain: 'in.example.com' } });
    expect(() => buildTendApp(app)).toThrow(/missing CDK context: fromAddress/);
    expect(app.node.children).toHaveLength(0);
  });
});
