/** The board's shape utils: what the stores are created with and what the editor renders. */
import { defaultShapeUtils, type TLAnyShapeUtilConstructor } from 'tldraw';
import { ComponentShapeUtil } from './ComponentShapeUtil';
import { FramelessEmbedShapeUtil } from './FramelessEmbedShapeUtil';

/**
 * Our own shapes, and our own drawing of tldraw's embed: `<Tldraw shapeUtils>` adds them to
 * tldraw's defaults, replacing a default of the same type.
 */
export const CUSTOM_SHAPE_UTILS: readonly TLAnyShapeUtilConstructor[] = [
  ComponentShapeUtil,
  FramelessEmbedShapeUtil,
];

/** Every shape util of a board: a store built from these follows `createBoardTLSchema()`. */
export const BOARD_SHAPE_UTILS: readonly TLAnyShapeUtilConstructor[] = [
  ...defaultShapeUtils.filter((util) => !CUSTOM_SHAPE_UTILS.some((ours) => ours.type === util.type)),
  ...CUSTOM_SHAPE_UTILS,
];
