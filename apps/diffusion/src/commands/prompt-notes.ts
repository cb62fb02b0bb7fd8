/** Characters of a prompt shown in a row label. */
const SHOWN = 60;

const utf8 = new TextEncoder();

/** The prompt as a row label: quoted, at most SHOWN characters, its length told when cut. */
export function promptLabel(prompt: string): string {
  const characters = [...prompt];
  return characters.length <= SHOWN ? JSON.stringify(prompt) : `${JSON.stringify(characters.slice(0, SHOWN).join(''))}… (${characters.length.toLocaleString('en-US')} characters)`;
}

/**
 * What the byte text encoder makes of prompts it reads only in part (it never fails on one): an empty
 * prompt is the start token alone, and a long one is cut to the first `maxTokens` − 1 UTF-8 bytes.
 */
export function promptNotes(prompts: readonly string[], maxTokens: number): string[] {
  return prompts.flatMap((prompt, i) => {
    const bytes = utf8.encode(prompt).length;
    if (bytes === 0) return [`note: prompt ${i + 1} is empty: the model reads only the start token (the null caption of guidance is another, learnt one)`];
    if (bytes >= maxTokens) return [`note: prompt ${i + 1} is ${bytes.toLocaleString('en-US')} bytes of UTF-8; the text encoder reads its first ${maxTokens - 1}`];
    return [];
  });
}
