/** A link that reproduces this very run — scenario, seed, settings and every action. */
import { memo, useState } from 'react';
import { shareUrl } from '../../state/lab-controller';

export const ShareRun = memo(function ShareRun() {
  const [link, setLink] = useState<string | null>(null);
  const share = () => {
    const url = shareUrl();
    setLink(url);
    if (url) navigator.clipboard?.writeText(url).catch(() => undefined);
  };
  return (
    <div className="share">
      <button type="button" onClick={share}>
        Share this run
      </button>
      {link && (
        <label className="share-link">
          <span>Share link</span>
          <input
            type="text"
            readOnly
            value={link}
            onFocus={(e) => e.target.select()}
            aria-label="Share link"
          />
        </label>
      )}
    </div>
  );
});
