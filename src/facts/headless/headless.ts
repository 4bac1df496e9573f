/**
 * The one definition of "headless": the API server's reading (shape.ts). A Service it would
 * reject (NodePort with clusterIP None, a misspelt None, contradicting clusterIPs) is not
 * reasoned about as headless by any rule or by `trace`; invalid-headless-cluster-ip reports it.
 */
import type { Resource } from '../../load/resource.js';
import { defineFact } from '../define.js';
import { headlessShape, type HeadlessShape } from './shape.js';

export interface Headless {
  /** the Services Kubernetes creates as headless */
  services: Resource[];
  isHeadless(service: Resource): boolean;
  shapeOf(service: Resource): HeadlessShape;
}

export const headless = defineFact({
  id: 'headless.services',
  description: 'which Services the API server creates as headless, and why an attempt at headless fails',
  reads: ['Service'],
  compute: ({ model }): Headless => {
    const shapes = new Map<Resource, HeadlessShape>();
    for (const service of model.services) shapes.set(service, headlessShape(service));
    const shapeOf = (service: Resource) => {
      let shape = shapes.get(service);
      if (!shape) shapes.set(service, (shape = headlessShape(service)));
      return shape;
    };
    return {
      services: model.services.filter((s) => shapeOf(s).headless),
      isHeadless: (service) => shapeOf(service).headless,
      shapeOf,
    };
  },
});
