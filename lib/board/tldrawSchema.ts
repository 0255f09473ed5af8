/**
 * The board's full tldraw schema: tldraw's default shapes plus the system-design component.
 * Node-safe: the server seeds boards with it (and will validate every record a client writes
 * against it); the browser's store serializes to exactly the same schema (tested).
 */
import { createTLSchema, defaultShapeSchemas, type TLSchema } from '@tldraw/tlschema';
import {
  COMPONENT_SHAPE_TYPE,
  componentShapeMigrations,
  componentShapeProps,
} from '../canvas/componentShape';

/** Builds the schema every board document follows. */
export function createBoardTLSchema(): TLSchema {
  return createTLSchema({
    shapes: {
      ...defaultShapeSchemas,
      [COMPONENT_SHAPE_TYPE]: { props: componentShapeProps, migrations: componentShapeMigrations },
    },
  });
}
