import type { MediaImage } from '../../modules/media/media.schema.js'

/** Default `sizes`: full width on small screens, the article column (about 45rem) beyond. */
const DEFAULT_SIZES = '(max-width: 48rem) 100vw, 45rem'

/**
 * An uploaded image as `<picture>`: AVIF first, then WebP, with an `<img>` fallback carrying
 * width/height (no layout shift), alt text and lazy loading unless `eager` (use it for the
 * image above the fold). With `figure`, it is wrapped in `<figure>` with a `<figcaption>`
 * holding the caption and the credit when there are any.
 * @example <ResponsiveImage image={toMediaImage(row)} sizes="100vw" eager figure />
 */
export function ResponsiveImage({ image, sizes = DEFAULT_SIZES, eager = false, figure = false, class: className }: { image: MediaImage; sizes?: string; eager?: boolean; figure?: boolean; class?: string }) {
  const picture = (
    <picture>
      {image.srcsetAvif ? <source type="image/avif" srcset={image.srcsetAvif} sizes={sizes} /> : null}
      {image.srcsetWebp ? <source type="image/webp" srcset={image.srcsetWebp} sizes={sizes} /> : null}
      <img
        src={image.src}
        width={image.width}
        height={image.height}
        alt={image.alt}
        loading={eager ? 'eager' : 'lazy'}
        decoding="async"
        {...(eager ? { fetchpriority: 'high' } : {})}
        class={figure ? undefined : className}
      />
    </picture>
  )
  if (!figure) return picture
  return (
    <figure class={className}>
      {picture}
      {image.caption || image.credit ? (
        <figcaption>
          {image.caption ? <span class="caption">{image.caption}</span> : null}
          {image.caption && image.credit ? ' ' : null}
          {image.credit ? <span class="credit">{image.credit}</span> : null}
        </figcaption>
      ) : null}
    </figure>
  )
}
