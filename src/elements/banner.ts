// PLACEHOLDER
export function defineBanner(): void {}
