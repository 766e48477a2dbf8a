import { z } from 'zod';
import { ZDescription, ZId, ZListQuery, ZName, ZTimestamp, sortParam } from './common.js';

/** Schmitt's strategic experiential modules. */
export const EXPERIENTIAL_MODULES = ['sense', 'feel', 'think', 'act', 'relate'] as const;
export type TExperientialModule = (typeof EXPERIENTIAL_MODULES)[number];

const ZModuleTarget = z.number().min(0).max(100);

/** The experiential value promise: the target profile, 0-100 on each module. */
export const ZExperientialPromise = z.strictObject({
  sense: ZModuleTarget,
  feel: ZModuleTarget,
  think: ZModuleTarget,
  act: ZModuleTarget,
  relate: ZModuleTarget,
});
export type TExperientialPromise = z.infer<typeof ZExperientialPromise>;

const ZHexColor = z.string().regex(/^#[0-9a-fA-F]{6}$/, 'a colour as #rrggbb');

/** What respondents see: colours, logo, fonts and tone of voice. */
export const ZStyleGuide = z.strictObject({
  colors: z.strictObject({
    primary: ZHexColor,
    secondary: ZHexColor,
    accent: ZHexColor,
    background: ZHexColor,
    text: ZHexColor,
  }),
  /** An https URL or a data: URL of the logo image. */
  logoUrl: z
    .string()
    .max(200_000)
    .regex(/^(https:\/\/|data:image\/)/, 'an https:// or data:image/ URL')
    .nullable(),
  fonts: z.strictObject({ heading: z.string().max(200), body: z.string().max(200) }),
  toneWords: z.array(z.string().trim().min(1).max(50)).max(20),
});
export type TStyleGuide = z.infer<typeof ZStyleGuide>;

export const DEFAULT_STYLE_GUIDE: TStyleGuide = {
  colors: {
    primary: '#1f4e79',
    secondary: '#2e75b6',
    accent: '#f4b183',
    background: '#ffffff',
    text: '#1a1a1a',
  },
  logoUrl: null,
  fonts: { heading: 'system-ui, sans-serif', body: 'system-ui, sans-serif' },
  toneWords: [],
};

export const ZBrand = z.object({
  id: ZId,
  name: z.string(),
  /** What the brand stands for. */
  positioning: z.string(),
  /** Why: the experience the customer can expect. */
  promise: ZExperientialPromise,
  promiseStatement: z.string(),
  /** How: the implementation theme that runs through every touchpoint. */
  implementationTheme: z.string(),
  styleGuide: ZStyleGuide,
  archived: z.boolean(),
  createdAt: ZTimestamp,
  updatedAt: ZTimestamp,
});
export type TBrand = z.infer<typeof ZBrand>;

export const ZBrandCreate = z.strictObject({
  name: ZName,
  positioning: ZDescription.default(''),
  promise: ZExperientialPromise,
  promiseStatement: ZDescription.default(''),
  implementationTheme: ZDescription.default(''),
  styleGuide: ZStyleGuide.default(DEFAULT_STYLE_GUIDE),
});
export type TBrandCreate = z.infer<typeof ZBrandCreate>;

export const ZBrandUpdate = z.strictObject({
  name: ZName.optional(),
  positioning: ZDescription.optional(),
  promise: ZExperientialPromise.optional(),
  promiseStatement: ZDescription.optional(),
  implementationTheme: ZDescription.optional(),
  styleGuide: ZStyleGuide.optional(),
  archived: z.boolean().optional(),
});
export type TBrandUpdate = z.infer<typeof ZBrandUpdate>;

export const ZBrandListQuery = ZListQuery.extend({
  sort: sortParam(['name', 'createdAt']),
  q: z.string().max(200).optional(),
  archived: z.stringbool().optional(),
});
export type TBrandListQuery = z.infer<typeof ZBrandListQuery>;
