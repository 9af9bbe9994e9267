// One of the citizen's dossiers, with its electronic result's signatures checked by the signing
// feature and its rating by the feedback feature (features may not import each other: they meet
// here).
import { OwnRating } from '../../features/feedback/own-rating';
import MyDossierPage from '../../features/portal/routes/my-dossier-page';
import { SignatureCheck } from '../../features/signing/components/signature-check';

export default function PortalMyDossierRoute() {
  return <MyDossierPage SignatureCheck={SignatureCheck} Rating={OwnRating} />;
}
