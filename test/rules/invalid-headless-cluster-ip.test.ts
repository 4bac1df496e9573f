import rule from '../../rules/invalid-headless-cluster-ip.js';
import { service as fixtureService } from '../helpers/headless-fixtures.js';
import { testRule } from '../helpers/rule-tester.js';

const service = (spec: string) => fixtureService({ spec });

testRule(rule, {
  valid: [
    { name: 'clusterIP: None', files: { 'svc.yaml': service('  clusterIP: None') } },
    { name: 'quoted "None" and clusterIPs [None]', files: { 'svc.yaml': service('  clusterIP: "None"\n  clusterIPs: ["None"]') } },
    { name: 'type ClusterIP spelled out', files: { 'svc.yaml': service('  type: ClusterIP\n  clusterIP: None') } },
    { name: 'an ordinary Service with a fixed IP', files: { 'svc.yaml': service('  clusterIP: 10.96.0.10\n  clusterIPs: [10.96.0.10]') } },
    { name: 'a dual-stack Service', files: { 'svc.yaml': service('  clusterIP: 10.96.0.10\n  clusterIPs: [10.96.0.10, "fd00::a"]') } },
    { name: 'clusterIP null or empty means "allocate one", not an attempt at None', files: { 'svc.yaml': service('  clusterIP:\n  type: ClusterIP'), 'b.yaml': service('  clusterIP: ""').replace('name: db', 'name: b') } },
    { name: 'a NodePort Service with a cluster IP', files: { 'svc.yaml': service('  type: NodePort') } },
    { name: 'an unrelated unknown key is the schema rule\'s business', files: { 'svc.yaml': service('  clusterIp: 10.0.0.1') } },
  ],
  invalid: [
    { name: 'lowercase none', files: { 'svc.yaml': service('  clusterIP: none') }, findings: [{ line: 7, column: 14, message: 'clusterIP "none" is not the exact string "None"' }] },
    { name: 'upper case NONE', files: { 'svc.yaml': service('  clusterIP: NONE') }, findings: [{ line: 7, column: 14 }] },
    { name: 'a leading space inside quotes', files: { 'svc.yaml': service('  clusterIP: " None"') }, findings: [{ line: 7, column: 14, message: '" None"' }] },
    { name: 'a trailing space inside quotes', files: { 'svc.yaml': service("  clusterIP: 'None '") }, findings: [{ line: 7, column: 14 }] },
    { name: 'quotes inside the value', files: { 'svc.yaml': service(`  clusterIP: '"None"'`) }, findings: [{ line: 7, column: 14 }] },
    { name: 'Headless', files: { 'svc.yaml': service('  clusterIP: Headless') }, findings: [{ line: 7, column: 14 }] },
    { name: 'the string "null"', files: { 'svc.yaml': service('  clusterIP: "null"') }, findings: [{ line: 7, column: 14 }] },
    { name: 'a typo: Noen', files: { 'svc.yaml': service('  clusterIP: Noen') }, findings: [{ line: 7, column: 14 }] },
    {
      name: 'misspelled key clusterIp, at the key, with a did-you-mean',
      files: { 'svc.yaml': service('  clusterIp: None') },
      findings: [{ line: 7, column: 3, message: '"clusterIp" is not a Service field (did you mean "clusterIP"?)' }],
    },
    { name: 'misspelled key ClusterIP', files: { 'svc.yaml': service('  ClusterIP: None') }, findings: [{ line: 7, column: 3, message: 'did you mean "clusterIP"' }] },
    { name: 'misspelled key cluster_ip', files: { 'svc.yaml': service('  cluster_ip: None') }, findings: [{ line: 7, column: 3, message: 'did you mean "clusterIP"' }] },
    { name: 'misspelled key clusterIps with [None]', files: { 'svc.yaml': service('  clusterIps: [None]') }, findings: [{ line: 7, column: 3, message: 'did you mean "clusterIPs"' }] },
    {
      name: 'clusterIP None but clusterIPs holds an address',
      files: { 'svc.yaml': service('  clusterIP: None\n  clusterIPs: [10.0.0.1]') },
      findings: [{ line: 8, column: 3, message: 'contradicts clusterIP None' }],
    },
    { name: '"None" not alone in clusterIPs', files: { 'svc.yaml': service('  clusterIP: None\n  clusterIPs: [None, "fd00::1"]') }, findings: [{ line: 8, column: 3, message: 'first and only value' }] },
    {
      name: 'clusterIPs [None] without clusterIP',
      files: { 'svc.yaml': service('  clusterIPs: [None]') },
      findings: [{ line: 7, column: 3, message: 'must be empty when clusterIP is not specified' }],
    },
    {
      name: 'clusterIPs [None] against an address in clusterIP',
      files: { 'svc.yaml': service('  clusterIP: 10.0.0.1\n  clusterIPs: [None]') },
      findings: [{ line: 8, column: 3, message: 'first value of clusterIPs must match clusterIP' }],
    },
    { name: 'NodePort cannot be headless', files: { 'svc.yaml': service('  type: NodePort\n  clusterIP: None') }, findings: [{ line: 7, column: 9, message: "may not be set to 'None' for NodePort services" }] },
    { name: 'LoadBalancer cannot be headless', files: { 'svc.yaml': service('  type: LoadBalancer\n  clusterIP: None') }, findings: [{ line: 7, column: 9, message: 'LoadBalancer' }] },
    { name: 'ExternalName cannot be headless', files: { 'svc.yaml': service('  type: ExternalName\n  externalName: db.example.com\n  clusterIP: None') }, findings: [{ line: 7, column: 9, message: 'ExternalName' }] },
    {
      name: 'a near-None value on a NodePort reports both problems',
      files: { 'svc.yaml': service('  type: NodePort\n  clusterIP: none') },
      findings: [
        { line: 7, column: 9, message: 'NodePort' },
        { line: 8, column: 14, message: '"none"' },
      ],
    },
  ],
});
