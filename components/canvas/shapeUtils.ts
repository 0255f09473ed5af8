/** The board's shape utils: what the stores are created with and what the editor renders. */
import { defaultShapeUtils, type TLAnyShapeUtilConstructor } from 'tldraw';
import { ComponentShapeUtil } from './ComponentShapeUtil';

/** Our own shapes, added to tldraw's defaults by `<Tldraw shapeUtils>`. */
export const CUSTOM_SHAPE_UTILS: readonly TLAnyShapeUtilConstructor[] = [ComponentShapeUtil];

/** Every shape util of a board: a store built from these follows `createBoardTLSchema()`. */
export const BOARD_SHAPE_UTILS: readonly TLAnyShapeUtilConstructor[] = [
  ...defaultShapeUtils,
  ...CUSTOM_SHAPE_UTILS,
];
