/**
 * A link that reproduces this very run — scenario, seed, settings and every action. The
 * link is copied to the clipboard and shown in a box; a status line (a polite live region,
 * present from the start so screen readers hear it change) says whether the copy worked.
 */
import { memo, useState } from 'react';
import { shareUrl } from '../../state/lab-controller';

export const ShareRun = memo(function ShareRun() {
  const [link, setLink] = useState<string | null>(null);
  const [said, setSaid] = useState('');
  const share = () => {
    const url = shareUrl();
    setLink(url);
    if (!url) return;
    setSaid('');
    const copying = navigator.clipboard?.writeText(url);
    if (!copying) {
      setSaid('Select the link below and copy it.');
      return;
    }
    copying.then(
      () => setSaid('Copied the link to the clipboard.'),
      () => setSaid('Could not copy by itself: select the link below and copy it.'),
    );
  };
  return (
    <div className="share">
      <button type="button" onClick={share}>
        Share this run
      </button>
      <p className="share-status" role="status" data-testid="share-status">
        {said}
      </p>
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
